import { GRAMMAR } from './compileGrammar';
import type Database from 'better-sqlite3';
import type { CatalogColumn, ResolvedTable } from './Catalog';
import { toStored } from './codec';
import { CompileContext, Scope } from './CompileContext';
import { compileExpr } from './compileExpression';
import { convertExpr } from './convertExpr';
import { convertValue, decimalToScaled, pow10, type Stored } from './convertValue';
import { duplicateKeyError, findDuplicate } from './duplicateKey';
import { indexSql } from './executeDdl';
import type { EngineShared } from './EngineShared';
import { parseObjectName } from './parseSelect';
import { ERR, invalidColumn, sqlError } from './sqlErrors';
import { category, INT_RANGE, precisionOf, scaleOf } from './sqlTypes';
import { tokenize } from './tokenize';
import { TokenStream } from './TokenStream';
import { SqlServerError, type SqlValue } from './types';
import { translateError } from './translateError';

type Normalise = (v: SqlValue) => Stored;

const REBUILD_INDEXES_FROM = 5000;
const ROWS_PER_STATEMENT = 64;

/** '-12.5' at scale 2 -> -1250, without BigInt; undefined when the text is not that simple or not exact. */
function scaledNumber(text: string, scale: number): number | undefined {
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  if (decimals > scale || text.length > 16) return undefined;
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  if (!/^-?\d+$/.test(digits)) return undefined;
  const n = Number(digits) * 10 ** (scale - decimals);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** JS-side twin of an INSERT's assignment conversion for a value already in the column's own type. */
function normaliser(col: CatalogColumn): Normalise {
  const t = col.type;
  const cat = category(t);
  if (cat === 'str') {
    // text/ntext have no declared length: unbounded, like (max).
    const n = t.name === 'text' || t.name === 'ntext' ? -1 : (t.length ?? 1);
    const fixed = t.name === 'char' || t.name === 'nchar';
    if (n < 0) return (v) => (v === null ? null : toStored(v, t));
    return (v) => {
      if (v === null) return null;
      let s = typeof v === 'string' ? v : String(v);
      if (s.length > n) {
        if (s.slice(n).trimEnd() !== '')
          throw sqlError(ERR.TRUNCATION, 'String or binary data would be truncated.');
        s = s.slice(0, n);
      }
      return fixed ? s.trimEnd() : s;
    };
  }
  if (cat === 'int') {
    const [lo, hi] = INT_RANGE[t.name]!;
    const min = Number(lo);
    const max = Number(hi);
    return (v) => {
      if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
      return v === null ? null : convertValue(toStored(v, t), t, t, 'assign');
    };
  }
  if (cat === 'dec') {
    const s = scaleOf(t);
    const limit = pow10(precisionOf(t));
    const limitNumber = Math.min(Number(limit), Number.MAX_SAFE_INTEGER);
    return (v) => {
      if (v === null) return null;
      if (typeof v === 'string') {
        // Fast path for plain 'digits[.digits]' with at most `s` decimals: exact in a JS integer.
        const fast = scaledNumber(v, s);
        if (fast !== undefined && fast < limitNumber && fast > -limitNumber) return fast;
      }
      const scaled = typeof v === 'string' ? decimalToScaled(v, s) : null;
      if (scaled !== null && scaled < limit && scaled > -limit) return scaled;
      return convertValue(toStored(v, t), t, t, 'assign');
    };
  }
  if (cat === 'bin') return (v) => (v === null ? null : convertValue(toStored(v, t), t, t, 'assign'));
  return (v) => (v === null ? null : toStored(v, t));
}

function lockTimeout(cause: unknown): SqlServerError {
  return new SqlServerError(1222, 'Lock request time out period exceeded.', { cause });
}

/**
 * Engine.bulkInsert: one prepared INSERT per (table, column list), run for every row inside one SQLite
 * transaction on the engine's own connection. Values get the same normalisation as INSERT.
 */
export class BulkLoader {
  private readonly prepared = new Map<
    string,
    {
      stmt: Database.Statement;
      chunk: Database.Statement;
      table: ResolvedTable;
      normalise: Normalise[];
      positions: number[];
      version: number;
    }
  >();

  constructor(
    private readonly db: Database.Database,
    private readonly shared: EngineShared,
    private readonly sessionId: number,
  ) {}

  private plan(tableName: string, columns: readonly string[]) {
    const key = `${tableName}\u0000${columns.join('\u0000')}`;
    const cached = this.prepared.get(key);
    if (cached !== undefined && cached.version === this.shared.catalog.version) return cached;
    const table = this.shared.catalog.resolve(parseObjectName(new TokenStream(tokenize(tableName))));
    const listed = columns.map((c) => {
      const col = table.byName.get(c.toLowerCase());
      if (col === undefined) throw invalidColumn(c);
      if (col.type.name === 'rowversion')
        throw sqlError(
          ERR.ROWVERSION_WRITE,
          'Cannot insert an explicit value into a timestamp column. Use INSERT with a column list to exclude the timestamp column, or insert a DEFAULT into the timestamp column.',
        );
      return col;
    });
    const ctx = new CompileContext(this.shared.catalog, this.shared.conversions, new Map(), GRAMMAR);
    const values = table.columns.map((col) => {
      if (listed.includes(col)) return '?';
      if (col.type.name === 'rowversion') return '?';
      if (col.defaultExpr === undefined) return 'NULL';
      return convertExpr(compileExpr(col.defaultExpr, new Scope(undefined), ctx), col.type, 'assign', ctx)
        .sql;
    });
    // Positional parameters follow table column order; map them back to the caller's column order.
    // -1 marks the rowversion slot, filled from the clock in JS (cheaper than a SQL function call per row).
    const order = table.columns
      .filter((c) => listed.includes(c) || c.type.name === 'rowversion')
      .map((c) => listed.indexOf(c));
    const head = `INSERT INTO "${table.sqliteName}" (${table.columns.map((c) => `"${c.name}"`).join(', ')}) VALUES `;
    const tuple = `(${values.join(', ')})`;
    const entry = {
      stmt: this.db.prepare(head + tuple),
      // Many rows per statement: far fewer native calls per row.
      chunk: this.db.prepare(head + Array.from({ length: ROWS_PER_STATEMENT }, () => tuple).join(', ')),
      table,
      normalise: listed.map(normaliser),
      positions: order,
      version: this.shared.catalog.version,
    };
    this.prepared.set(key, entry);
    return entry;
  }

  insert(tableName: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    const { stmt, chunk, table, normalise, positions } = this.plan(tableName, columns);
    // A bulk load cannot wait (it is synchronous): a table another open transaction has written (its rows,
    // keys and rowids are not committed yet, and would collide with the load) is refused as SQL Server's
    // lock timeout, as is a database held by DDL in a transaction or by another process.
    const locks = this.shared.locks;
    if (
      this.shared.writeSlot.makeWay(this.sessionId) !== undefined ||
      locks.othersHoldRows(table.sqliteName, this.sessionId) ||
      locks.othersHoldKeys(table.sqliteName, this.sessionId)
    )
      throw lockTimeout(undefined);
    // A seed load: an OS crash may lose it (it is simply re-run); an application crash cannot corrupt the file.
    this.db.pragma('synchronous = OFF');
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      this.db.pragma('synchronous = NORMAL');
      throw lockTimeout(error);
    }
    const width = positions.length;
    const args: Stored[] = new Array(width * ROWS_PER_STATEMENT);
    const clock = this.shared.clock;
    const sessionId = this.sessionId;
    let pending: (readonly SqlValue[])[] = [];
    // Loading a large batch into an empty table: build its indexes once at the end (inside the same
    // transaction, so a duplicate key still rolls everything back) instead of row by row.
    const rebuild =
      rows.length >= REBUILD_INDEXES_FROM &&
      this.db.prepare(`SELECT 1 FROM "${table.sqliteName}" LIMIT 1`).get() === undefined;
    try {
      if (rebuild) for (const index of table.indexes) this.db.exec(`DROP INDEX "${index.sqliteName}"`);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        const base = pending.length * width;
        for (let i = 0; i < width; i++) {
          const p = positions[i]!;
          args[base + i] = p < 0 ? clock.next(sessionId) : normalise[p]!(row[p] ?? null);
        }
        pending.push(row);
        if (pending.length === ROWS_PER_STATEMENT) {
          chunk.run(args);
          pending = [];
        }
      }
      // The last rows one by one; `pending` keeps only those not yet written (for explain()).
      const rest = pending;
      for (let k = 0; k < rest.length; k++) {
        pending = rest.slice(k);
        stmt.run(args.slice(k * width, (k + 1) * width));
      }
      pending = [];
      if (rebuild) this.recreateIndexes(table);
      if (table.rowversion !== undefined)
        this.db.prepare("UPDATE __uh_meta SET value = ? WHERE key = 'dbts'").run(this.shared.clock.dbts);
      this.db.exec('COMMIT');
    } catch (error) {
      // Explain first: the colliding row may be one this transaction inserted.
      const explained = this.explain(error, table, columns, pending);
      this.db.exec('ROLLBACK');
      throw explained;
    } finally {
      this.db.pragma('synchronous = NORMAL');
      this.shared.clock.release(this.sessionId);
      this.shared.lockWaiter.notify();
    }
  }

  private recreateIndexes(table: ResolvedTable): void {
    for (const index of table.indexes) {
      try {
        this.db.exec(indexSql(table.sqliteName, index));
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        const cols = index.columns.map((c) => `"${c}"`).join(', ');
        const dup = this.db
          .prepare(
            `SELECT ${cols} FROM "${table.sqliteName}" WHERE ${index.columns.map((c) => `"${c}" IS NOT NULL`).join(' AND ')} GROUP BY ${cols} HAVING COUNT(*) > 1 LIMIT 1`,
          )
          .raw(true)
          .safeIntegers(true)
          .get() as Stored[] | undefined;
        throw duplicateKeyError(table, index, dup ?? index.columns.map(() => null));
      }
    }
  }

  private explain(
    error: unknown,
    table: ResolvedTable,
    columns: readonly string[],
    pending: readonly (readonly SqlValue[])[],
  ): SqlServerError {
    if (error instanceof SqlServerError) return error;
    const code = (error as { code?: string }).code;
    if (pending.length > 0 && code === 'SQLITE_CONSTRAINT_UNIQUE') {
      // The failed statement left no trace; its rows are checked against the table and each other.
      const stored = pending.map((row) =>
        table.columns.map((col) => {
          const i = columns.findIndex((c) => c.toLowerCase() === col.name.toLowerCase());
          return i < 0 ? null : normaliser(col)(row[i] ?? null);
        }),
      );
      const dup = findDuplicate(this.db, table, stored, false);
      if (dup !== undefined) return dup;
    }
    if (code === 'SQLITE_CONSTRAINT_NOTNULL') {
      const m = /\.(\w+)$/.exec((error as Error).message);
      return new SqlServerError(
        ERR.NOT_NULL,
        `Cannot insert the value NULL into column '${m?.[1] ?? '?'}', table 'uhtlive.dbo.${table.name}'; column does not allow nulls. INSERT fails.`,
      );
    }
    return translateError(error);
  }
}
