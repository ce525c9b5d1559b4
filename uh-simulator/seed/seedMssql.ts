import sql from 'mssql';
import type { SqlType, SqlValue } from '../engine/types';
import { generateUhSeed, type SeedTable } from './generateUhSeed';
import type { SeedManifest } from './SeedManifest';
import type { SeedScale } from './SeedScale';
import { uhSchemaStatements } from './uhSchemaStatements';
import { columnType } from './uhSeedTables';
import { UhTablesExistError } from './seedErrors';

/** SQL Server: "There is already an object named '...' in the database." */
const SQL_OBJECT_EXISTS = 2714;

export interface SeedMssqlOptions {
  /** Run uh-schema.sql (statement by statement) first; the tables must not exist yet. */
  readonly createSchema: boolean;
  /** One line per finished step, e.g. 'rtrans: 452573 rows'. */
  readonly onProgress?: (line: string) => void;
}

/** SQL Server caps a request at 2,100 parameters; stay well below it. */
const MAX_PARAMS = 2_000;
/** ...and a table value constructor (INSERT ... VALUES) at 1,000 rows. */
const MAX_VALUES_ROWS = 1_000;

/**
 * Load the synthetic UH dataset into a SQL Server (a real one, or the UH simulator) over the wire:
 * parameterized multi-row INSERT ... VALUES batches with explicit types per column, one transaction
 * per table. Dates are sent as UTC Date objects, so the pool must keep mssql's default useUTC: true.
 */
export async function seedMssql(
  pool: sql.ConnectionPool,
  scale: SeedScale,
  options: SeedMssqlOptions,
): Promise<SeedManifest> {
  // ConnectionPool keeps its config at runtime; @types/mssql does not declare it.
  const useUtc = (pool as unknown as { config?: { options?: { useUTC?: boolean } } }).config?.options?.useUTC;
  if (useUtc === false)
    throw new Error(
      'seedMssql: the pool has options.useUTC = false; the seed sends UTC dates and needs useUTC: true (the default)',
    );
  const seed = generateUhSeed(scale);

  if (options.createSchema) {
    for (const statement of uhSchemaStatements()) {
      try {
        await pool.request().batch(statement);
      } catch (error) {
        const head = statement.split('\n')[0] ?? '';
        if (error instanceof sql.RequestError && error.number === SQL_OBJECT_EXISTS) {
          throw new UhTablesExistError(/^CREATE TABLE (\S+)/.exec(head)?.[1] ?? head, { cause: error });
        }
        const reason = error instanceof Error ? `: ${error.message}` : '';
        throw new Error(`creating the UH schema failed at ${head}${reason}`, { cause: error });
      }
    }
    options.onProgress?.('schema created');
  }

  for (const table of seed.tables) {
    const loaded = await loadTable(pool, table);
    options.onProgress?.(`${table.name}: ${loaded} rows`);
  }
  return seed.manifest;
}

async function loadTable(pool: sql.ConnectionPool, table: SeedTable): Promise<number> {
  const sqlTypes = table.columns.map((column) => columnType(table.name, column));
  const types = sqlTypes.map(mssqlType);
  const rowsPerBatch = Math.min(MAX_VALUES_ROWS, Math.floor(MAX_PARAMS / table.columns.length));
  const head = `INSERT INTO dbo.${table.name} (${table.columns.join(', ')}) VALUES `;
  const transaction = new sql.Transaction(pool);
  await transaction.begin();
  let loaded = 0;
  try {
    let batch: SqlValue[][] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const request = new sql.Request(transaction);
      const tuples: string[] = [];
      batch.forEach((row, r) => {
        const names = row.map((value, c) => {
          const name = `p${r * row.length + c}`;
          request.input(name, types[c] as sql.ISqlType, wireValue(value, sqlTypes[c] as SqlType));
          return `@${name}`;
        });
        tuples.push(`(${names.join(', ')})`);
      });
      await request.query(head + tuples.join(', '));
      loaded += batch.length;
      batch = [];
    };
    for (const row of table.rows()) {
      batch.push(row);
      if (batch.length === rowsPerBatch) await flush();
    }
    await flush();
    await transaction.commit();
  } catch (error) {
    await transaction.rollback().catch(() => undefined);
    throw new Error(`seedMssql: loading dbo.${table.name} failed after ${loaded} rows`, { cause: error });
  }
  return loaded;
}

/** The mssql type matching the column's declared type, so SQL Server converts nothing implicitly. */
export function mssqlType(type: SqlType): sql.ISqlType {
  switch (type.name) {
    case 'char':
      return sql.Char(type.length ?? 1);
    case 'varchar':
      return sql.VarChar(type.length ?? 1);
    case 'text':
      return sql.Text();
    case 'int':
      return sql.Int();
    case 'numeric':
    case 'decimal':
      return sql.Numeric(type.precision ?? 18, type.scale ?? 0);
    case 'bit':
      return sql.Bit();
    case 'smalldatetime':
      return sql.SmallDateTime();
    case 'datetime':
      return sql.DateTime();
    default:
      throw new Error(`seedMssql: no mssql type mapping for ${type.name}`);
  }
}

/** Canonical date strings become UTC Dates (useUTC); everything else goes as it is (numeric as exact strings). */
function wireValue(value: SqlValue, type: SqlType): unknown {
  if (typeof value === 'string' && (type.name === 'datetime' || type.name === 'smalldatetime')) {
    const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(value);
    if (match !== null) {
      const [, y, mo, d, h, mi, s, ms] = match.map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
    }
    throw new Error(`seedMssql: expected a 'YYYY-MM-DD HH:MM:SS.fff' date, got ${JSON.stringify(value)}`);
  }
  return value;
}
