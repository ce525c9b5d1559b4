import type Database from 'better-sqlite3';
import type { Stored } from './convertValue';
import { duplicateKeyError, findDuplicate } from './duplicateKey';
import { ERR } from './sqlErrors';
import type { StatementPlan } from './StatementPlan';
import { RequestCancelledError, SqlServerError } from './types';

interface SqliteLikeError {
  code?: string;
  message: string;
}

export function isBusy(e: unknown): boolean {
  const code = (e as SqliteLikeError | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

interface WriteContext {
  readonly db: Database.Database;
  readonly plan: Extract<StatementPlan, { k: 'write' }>;
  readonly bindings: Record<string, Stored>;
}

/**
 * Any error on its way to the client becomes a SqlServerError with SQL Server's number and text.
 * SQLite's own messages never leave the engine (they stay in `cause`).
 */
export function translateError(e: unknown, write?: WriteContext): SqlServerError {
  if (e instanceof SqlServerError) return e;
  if (e instanceof RequestCancelledError) throw e;
  const err = e as SqliteLikeError;
  const code = err?.code ?? '';
  if (
    write !== undefined &&
    (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  ) {
    return duplicateFor(write, e);
  }
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') {
    const m = /NOT NULL constraint failed: ([^.]+)\.(.+)$/.exec(err.message);
    const column = m?.[2] ?? '?';
    const tableName = write?.plan.table.name ?? m?.[1] ?? '?';
    const realColumn = write?.plan.table.byName.get(column.toLowerCase())?.name ?? column;
    const verb = write?.plan.verb ?? 'INSERT';
    return new SqlServerError(
      ERR.NOT_NULL,
      `Cannot insert the value NULL into column '${realColumn}', table 'uhtlive.dbo.${tableName}'; column does not allow nulls. ${verb} fails.`,
      { cause: e },
    );
  }
  if (typeof err?.message === 'string' && /integer overflow/i.test(err.message)) {
    return new SqlServerError(
      ERR.OVERFLOW,
      'Arithmetic overflow error converting expression to data type bigint.',
      { cause: e },
    );
  }
  return new SqlServerError(
    ERR.UNSUPPORTED,
    'UH simulator: internal error while executing the statement (see uh-simulator/TSQL-SUBSET.md)',
    { cause: e },
  );
}

function duplicateFor(write: WriteContext, cause: unknown): SqlServerError {
  const { db, plan, bindings } = write;
  try {
    if (plan.probeSql !== undefined) {
      const rows = db.prepare(plan.probeSql).raw(true).safeIntegers(true).all(bindings) as Stored[][];
      const found = findDuplicate(db, plan.table, rows, plan.verb === 'UPDATE');
      if (found !== undefined) return found;
    }
  } catch {
    // fall through to a message without the key value
  }
  const index = plan.table.indexes.find((i) => i.unique);
  if (index !== undefined)
    return duplicateKeyError(
      plan.table,
      index,
      index.columns.map(() => null),
    );
  return new SqlServerError(
    ERR.DUP_INDEX,
    `Cannot insert duplicate key row in object 'dbo.${plan.table.name}'.`,
    { cause },
  );
}
