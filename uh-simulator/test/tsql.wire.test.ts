import sql from 'mssql';
import type { Param, SqlValue } from '../engine/types';
import { startTestSimulator, type TestSimulator } from './helpers/startTestSimulator';
import { FIXTURE_SQL, TSQL_CASES, type TsqlCase } from './tsqlCases';

/** The same T-SQL cases as engine/tsqlCases.test.ts, through the real mssql driver over TDS. */

let t: TestSimulator;
let pool: sql.ConnectionPool;

beforeAll(async () => {
  t = await startTestSimulator();
  pool = await t.connect({ pool: { max: 1, min: 0 } });
});

afterAll(async () => {
  await t.close();
});

function mssqlType(p: Param): sql.ISqlType | (() => sql.ISqlType) {
  const ty = p.type;
  switch (ty.name) {
    case 'varchar':
      return sql.VarChar(ty.length ?? 8000);
    case 'nvarchar':
      return sql.NVarChar(ty.length ?? 4000);
    case 'char':
      return sql.Char(ty.length ?? 1);
    case 'int':
      return sql.Int;
    case 'bigint':
      return sql.BigInt;
    case 'bit':
      return sql.Bit;
    case 'decimal':
    case 'numeric':
      return sql.Decimal(ty.precision ?? 18, ty.scale ?? 0);
    case 'datetime':
      return sql.DateTime;
    case 'varbinary':
      return sql.VarBinary(ty.length ?? 8000);
    default:
      throw new Error(`no mssql type for ${ty.name} in this test`);
  }
}

function mssqlValue(p: Param): unknown {
  if (p.type.name === 'datetime' && typeof p.value === 'string')
    return new Date(p.value.replace(' ', 'T') + 'Z');
  return p.value;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** mssql's JS forms back to the canonical SqlValue forms the cases are written in. */
function canonical(v: unknown, column: sql.IColumnMetadata[string]): SqlValue {
  if (v === null || v === undefined) return null;
  const type = (column.type as unknown as { declaration?: string }).declaration ?? '';
  if (v instanceof Date) {
    const ymd = `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
    if (type === 'date') return ymd;
    return `${ymd} ${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())}:${pad2(v.getUTCSeconds())}.${String(v.getUTCMilliseconds()).padStart(3, '0')}`;
  }
  if (
    (type === 'decimal' || type === 'numeric' || type === 'money' || type === 'smallmoney') &&
    typeof v === 'number'
  )
    return v.toFixed(column.scale ?? 0);
  if (type === 'bigint' && (typeof v === 'string' || typeof v === 'number')) return BigInt(v);
  return v as SqlValue;
}

async function runCase(c: TsqlCase): Promise<{
  sets: SqlValue[][][];
  names: string[][];
  rowsAffected: number[];
  error?: { number: number; message: string };
}> {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    await new sql.Request(tx).batch(FIXTURE_SQL);
    const req = new sql.Request(tx);
    req.arrayRowMode = true;
    for (const p of c.params ?? []) req.input(p.name, mssqlType(p), mssqlValue(p));
    try {
      const result = (await req.query(c.sql)) as unknown as {
        recordsets: unknown[][][];
        columns: sql.IColumnMetadata[string][][];
        rowsAffected: number[];
      };
      const columns = result.columns ?? [];
      const sets = (result.recordsets ?? []).map((rs, i) =>
        rs.map((row) => row.map((v, j) => canonical(v, columns[i]![j]!))),
      );
      return {
        sets,
        names: columns.map((cols) => cols.map((col) => col.name)),
        rowsAffected: result.rowsAffected,
      };
    } catch (error) {
      const e = error as {
        number?: number;
        message: string;
        originalError?: { info?: { number: number; message: string } };
      };
      const info = e.originalError?.info;
      return {
        sets: [],
        names: [],
        rowsAffected: [],
        error: { number: info?.number ?? e.number ?? -1, message: info?.message ?? e.message },
      };
    }
  } finally {
    await tx.rollback();
  }
}

describe('T-SQL subset through mssql', () => {
  test.each(TSQL_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await runCase(c);
    const e = c.expect;
    if ('error' in e) {
      expect(result.error?.number).toBe(e.error);
      if (e.message !== undefined) expect(result.error?.message).toBe(e.message);
      return;
    }
    expect(result.error).toBeUndefined();
    if ('rowCount' in e) {
      expect(result.rowsAffected[result.rowsAffected.length - 1]).toBe(e.rowCount);
      return;
    }
    expect(result.sets).toEqual(e.sets);
    if (e.columns !== undefined) expect(result.names[0]).toEqual(e.columns);
  });
});
