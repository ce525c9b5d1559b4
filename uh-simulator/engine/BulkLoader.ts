import type Database from 'better-sqlite3';
import type { CatalogColumn, ResolvedTable } from './Catalog';
import { toStored } from './codec';
import { CompileContext, Scope } from './CompileContext';
import { compileExpr } from './compileExpression';
import { convertExpr } from './convertExpr';
import { convertValue, type Stored } from './convertValue';
import { findDuplicate } from './duplicateKey';
import type { EngineShared } from './EngineShared';
import { parseObjectName } from './parseSelect';
import { ERR, invalidColumn, sqlError } from './sqlErrors';
import { category } from './sqlTypes';
import { tokenize } from './tokenize';
import { TokenStream } from './TokenStream';
import { SqlServerError, type SqlValue } from './types';
import { translateError } from './translateError';

type Normalise = (v: SqlValue) => Stored;

/** JS-side twin of an INSERT's assignment conversion for a value already in the column's own type. */
function normaliser(col: CatalogColumn): Normalise {
  const t = col.type;
  const cat = category(t);
  if (cat === 'str') {
    const n = t.length ?? 1;
    const fixed = t.name === 'char' || t.name === 'nchar';
    if (n < 0) return (v) => (v === null ? null : toStored(v, t));
    return (v) => {
      if (v === null) return null;
      let s = typeof v === 'string' ? v : String(v);
      if (s.length > n) {
        if (s.slice(n).trimEnd() !== '') throw sqlError(ERR.TRUNCATION, 'String or binary data would be truncated.');
        s = s.slice(0, n);
      }
      return fixed && s.length < n ? s.padEnd(n, ' ') : s;
    };
  }
  if (cat === 'dec' || cat === 'int' || cat === 'bin') return (v) => (v === null ? null : convertValue(toStored(v, t), t, t, 'assign'));
  return (v) => (v === null ? null : toStored(v, t));
}

/**
 * Engine.bulkInsert: one prepared INSERT per (table, column list), run for every row inside one SQLite
 * transaction on the engine's own connection. Values get the same normalisation as INSERT.
 */
export class BulkLoader {
  private readonly prepared = new Map<string, { stmt: Database.Statement; table: ResolvedTable; normalise: Normalise[]; positions: number[]; version: number }>();

  constructor(private readonly db: Database.Database, private readonly shared: EngineShared) {}

  private plan(tableName: string, columns: readonly string[]) {
    const key = `${tableName}\u0000${columns.join('\u0000')}`;
    const cached = this.prepared.get(key);
    if (cached !== undefined && cached.version === this.shared.catalog.version) return cached;
    const table = this.shared.catalog.resolve(parseObjectName(new TokenStream(tokenize(tableName))));
    const listed = columns.map((c) => {
      const col = table.byName.get(c.toLowerCase());
      if (col === undefined) throw invalidColumn(c);
      if (col.type.name === 'rowversion') throw sqlError(ERR.ROWVERSION_WRITE, 'Cannot insert an explicit value into a timestamp column. Use INSERT with a column list to exclude the timestamp column, or insert a DEFAULT into the timestamp column.');
      return col;
    });
    const ctx = new CompileContext(this.shared.catalog, this.shared.conversions, new Map());
    const values = table.columns.map((col) => {
      if (listed.includes(col)) return '?';
      if (col.type.name === 'rowversion') return 'uh_next_rv()';
      if (col.defaultExpr === undefined) return 'NULL';
      return convertExpr(compileExpr(col.defaultExpr, new Scope(undefined), ctx), col.type, 'assign', ctx).sql;
    });
    // Positional parameters follow table column order; map them back to the caller's column order.
    const order = table.columns.filter((c) => listed.includes(c)).map((c) => listed.indexOf(c));
    const sql = `INSERT INTO "${table.sqliteName}" (${table.columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${values.join(', ')})`;
    const entry = { stmt: this.db.prepare(sql), table, normalise: listed.map(normaliser), positions: order, version: this.shared.catalog.version };
    this.prepared.set(key, entry);
    return entry;
  }

  insert(tableName: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    const { stmt, table, normalise, positions } = this.plan(tableName, columns);
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw new SqlServerError(1222, 'Lock request time out period exceeded.', { cause: error });
    }
    const args: Stored[] = new Array(positions.length);
    let row: readonly SqlValue[] | undefined;
    try {
      for (row of rows) {
        for (let i = 0; i < positions.length; i++) {
          const p = positions[i]!;
          args[i] = normalise[p]!(row[p] ?? null);
        }
        stmt.run(args);
      }
      if (table.rowversion !== undefined) this.db.prepare("UPDATE __uh_meta SET value = ? WHERE key = 'dbts'").run(this.shared.clock.dbts);
      this.db.exec('COMMIT');
    } catch (error) {
      // Explain first: the colliding row may be one this transaction inserted.
      const explained = this.explain(error, table, columns, row);
      this.db.exec('ROLLBACK');
      throw explained;
    } finally {
      this.shared.clock.release(0);
      this.shared.lockWaiter.notify();
    }
  }

  private explain(error: unknown, table: ResolvedTable, columns: readonly string[], row: readonly SqlValue[] | undefined): SqlServerError {
    const code = (error as { code?: string }).code;
    if (row !== undefined && code === 'SQLITE_CONSTRAINT_UNIQUE') {
      const stored = table.columns.map((col) => {
        const i = columns.findIndex((c) => c.toLowerCase() === col.name.toLowerCase());
        return i < 0 ? null : normaliser(col)(row[i] ?? null);
      });
      const dup = findDuplicate(this.db, table, [stored], false);
      if (dup !== undefined) return dup;
    }
    if (code === 'SQLITE_CONSTRAINT_NOTNULL') {
      const m = /\.(\w+)$/.exec((error as Error).message);
      return new SqlServerError(ERR.NOT_NULL, `Cannot insert the value NULL into column '${m?.[1] ?? '?'}', table 'uhtlive.dbo.${table.name}'; column does not allow nulls. INSERT fails.`);
    }
    return translateError(error);
  }
}
