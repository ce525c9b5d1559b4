import type Database from 'better-sqlite3';
import type { Catalog, ResolvedTable } from './Catalog';
import type { TouchedRow } from './ChangeCapture';
import type { Stored } from './convertValue';
import type { RowLockManager } from './RowLockManager';
import { uniqueKeys } from './uniqueKeys';

interface RowEffect {
  /** The row as the transaction left it (table column order, rowversion included), or null: deleted. */
  after: Stored[] | null;
  /** Known once the row's committed version has been read: whether it existed, and its unique keys. */
  before: { readonly existed: boolean; readonly keys: readonly string[] } | undefined;
}

interface TableStatements {
  readonly table: ResolvedTable;
  readonly read: Database.Statement;
  readonly remove: Database.Statement;
  readonly insert: Database.Statement;
}

/**
 * One open transaction's changes while it does not hold SQLite's write lock: per table, per rowid, the
 * row's after-image (or "deleted"). Re-applying them by rowid reproduces the transaction's state exactly,
 * rowversions included (they were taken when the rows were written and live in the images). The rows and
 * the unique keys the transaction inserted, deleted or changed are its locks.
 */
export class TransactionEffects {
  private readonly tables = new Map<string, Map<bigint, RowEffect>>();
  private readonly statements = new Map<string, TableStatements>();

  constructor(
    private readonly db: Database.Database,
    private readonly catalog: Catalog,
  ) {}

  get isEmpty(): boolean {
    return this.tables.size === 0;
  }

  /** Could this compiled SQL read a table the transaction changed? (Every table reference is quoted.) */
  touchesTablesOf(sql: string): boolean {
    for (const name of this.tables.keys()) if (sql.includes(`"${name}"`)) return true;
    return false;
  }

  private statementsFor(name: string): TableStatements {
    const table = this.catalog.find(name);
    if (table === undefined) throw new Error(`table ${name} changed by an open transaction is gone`);
    let s = this.statements.get(name);
    if (s === undefined || s.table !== table) {
      const cols = table.columns.map((c) => `"${c.name}"`).join(', ');
      s = {
        table,
        read: this.db.prepare(`SELECT ${cols} FROM "${name}" WHERE rowid = ?`).raw(true).safeIntegers(true),
        remove: this.db.prepare(`DELETE FROM "${name}" WHERE rowid = ?`),
        insert: this.db.prepare(
          `INSERT INTO "${name}" (rowid, ${cols}) VALUES (?${', ?'.repeat(table.columns.length)})`,
        ),
      };
      this.statements.set(name, s);
    }
    return s;
  }

  /** The row as this connection sees it now (table column order), or undefined when there is none. */
  currentImage(name: string, rowid: bigint): Stored[] | undefined {
    return this.statementsFor(name).read.get(rowid) as Stored[] | undefined;
  }

  /**
   * Inside the SQLite transaction, before it rolls back: the current images of the rows written since the
   * log was last applied. Returns the rows seen for the first time (their committed versions are read next).
   */
  takeAfterImages(touched: readonly TouchedRow[]): TouchedRow[] {
    const fresh: TouchedRow[] = [];
    for (const [name, rowid] of touched) {
      let rows = this.tables.get(name);
      if (rows === undefined) this.tables.set(name, (rows = new Map()));
      const after = (this.statementsFor(name).read.get(rowid) as Stored[] | undefined) ?? null;
      const effect = rows.get(rowid);
      if (effect === undefined) {
        rows.set(rowid, { after, before: undefined });
        fresh.push([name, rowid]);
      } else effect.after = after;
    }
    return fresh;
  }

  /** After the rollback: the committed versions of rows seen for the first time (no one else can change them). */
  takeBeforeImages(fresh: readonly TouchedRow[]): void {
    for (const [name, rowid] of fresh) {
      const s = this.statementsFor(name);
      const committed = s.read.get(rowid) as Stored[] | undefined;
      this.tables.get(name)!.get(rowid)!.before = {
        existed: committed !== undefined,
        keys: committed === undefined ? [] : uniqueKeys(s.table, committed),
      };
    }
  }

  /**
   * Registers the locks of the given rows: the row itself, and each unique key it inserted, deleted or
   * changed (SQL Server locks the index entries it maintains; a key left unchanged is not locked, so a
   * duplicate of it fails at once instead of waiting). A row inserted and deleted again leaves nothing.
   */
  lock(locks: RowLockManager, owner: number, touched: readonly TouchedRow[]): void {
    for (const [name, rowid] of touched) {
      const rows = this.tables.get(name);
      const effect = rows?.get(rowid);
      if (rows === undefined || effect === undefined) continue;
      const before = effect.before ?? { existed: true, keys: [] };
      if (!before.existed && effect.after === null) {
        rows.delete(rowid);
        if (rows.size === 0) this.tables.delete(name);
        continue;
      }
      locks.lockRow(owner, name, rowid);
      const after = effect.after === null ? [] : uniqueKeys(this.statementsFor(name).table, effect.after);
      for (const key of after) if (!before.keys.includes(key)) locks.lockKey(owner, name, key);
      for (const key of before.keys) if (!after.includes(key)) locks.lockKey(owner, name, key);
    }
  }

  /**
   * Inside a fresh SQLite transaction: every changed row is removed and its after-image inserted under
   * the same rowid. Removing first makes the order irrelevant (a key may move from one row to another);
   * no untouched row can collide, because the transaction's changed keys are locked.
   */
  replay(): void {
    for (const [name, rows] of this.tables) {
      const { remove } = this.statementsFor(name);
      for (const rowid of rows.keys()) remove.run(rowid);
    }
    for (const [name, rows] of this.tables) {
      const { insert } = this.statementsFor(name);
      for (const [rowid, effect] of rows) if (effect.after !== null) insert.run(rowid, ...effect.after);
    }
  }

  clear(): void {
    this.tables.clear();
  }
}
