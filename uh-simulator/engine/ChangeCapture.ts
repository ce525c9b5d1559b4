import type Database from 'better-sqlite3';
import type { ResolvedTable } from './Catalog';

/** (table, rowid) as the capture triggers record them. */
export type TouchedRow = [table: string, rowid: bigint];

/**
 * Which rows a session's statements wrote, recorded by TEMP triggers on its own connection (other
 * connections, the bulk loader's included, never see them) into a TEMP table: the rows a statement
 * must not have touched if another transaction holds them, and the rows whose after-images the session
 * keeps when it gives up SQLite's write lock. Triggers are installed per table on first write.
 *
 * TEMP schema changes are transactional: a trigger created inside a SQLite transaction that rolls back
 * is gone again, so those are remembered as pending until the transaction ends.
 */
export class ChangeCapture {
  private readonly installed = new Set<string>();
  private pending: string[] = [];
  private catalogVersion = -1;
  private readonly markStmt: Database.Statement;
  private readonly sinceStmt: Database.Statement;
  private readonly allStmt: Database.Statement;
  private readonly clearStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS uh_touched (t TEXT NOT NULL, r INTEGER NOT NULL)');
    this.markStmt = db
      .prepare('SELECT coalesce(max(rowid), 0) FROM temp.uh_touched')
      .pluck()
      .safeIntegers(true);
    this.sinceStmt = db
      .prepare('SELECT t, r FROM temp.uh_touched WHERE rowid > ?')
      .raw(true)
      .safeIntegers(true);
    this.allStmt = db.prepare('SELECT DISTINCT t, r FROM temp.uh_touched').raw(true).safeIntegers(true);
    this.clearStmt = db.prepare('DELETE FROM temp.uh_touched');
  }

  /** Before the first write to `table` on this connection (per catalog version: DDL may drop triggers). */
  watch(table: ResolvedTable, catalogVersion: number, inSqliteTransaction: boolean): void {
    if (catalogVersion !== this.catalogVersion) {
      this.installed.clear();
      this.catalogVersion = catalogVersion;
    }
    const name = table.sqliteName;
    if (this.installed.has(name)) return;
    const literal = `'${name.replace(/'/g, "''")}'`;
    for (const [event, row] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ] as const) {
      this.db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "uh_touched_${event.toLowerCase()}_${name}" AFTER ${event} ON main."${name}" BEGIN INSERT INTO temp.uh_touched (t, r) VALUES (${literal}, ${row}.rowid); END`,
      );
    }
    this.installed.add(name);
    if (inSqliteTransaction) this.pending.push(name);
  }

  /** The SQLite transaction committed: triggers created in it stay. */
  committed(): void {
    this.pending = [];
  }

  /** The SQLite transaction rolled back: triggers created in it are gone. */
  rolledBack(): void {
    for (const name of this.pending) this.installed.delete(name);
    this.pending = [];
  }

  /** A position before a statement runs; `since(mark)` lists what the statement wrote. */
  mark(): bigint {
    return this.markStmt.get() as bigint;
  }

  since(mark: bigint): TouchedRow[] {
    return this.sinceStmt.all(mark) as TouchedRow[];
  }

  /** Every row written since the last clear(), once each. */
  touched(): TouchedRow[] {
    return this.allStmt.all() as TouchedRow[];
  }

  clear(): void {
    this.clearStmt.run();
  }
}
