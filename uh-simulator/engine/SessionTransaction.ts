import type Database from 'better-sqlite3';
import type { ResolvedTable } from './Catalog';
import { ChangeCapture, type TouchedRow } from './ChangeCapture';
import type { Stored } from './convertValue';
import type { EngineShared } from './EngineShared';
import type { WriteSlotHolder } from './SqliteWriteSlot';
import type { StatementPlan } from './StatementPlan';
import { TransactionConflict } from './TransactionConflict';
import { TransactionEffects } from './TransactionEffects';
import { uniqueKeys } from './uniqueKeys';
import { takesUpdateLocks, UpdateLockReads, type LockedRow } from './UpdateLockReads';

type WritePlan = Extract<StatementPlan, { k: 'write' }>;

/**
 * One session's write transaction over SQLite, with SQL Server's row locks rather than SQLite's single
 * database-wide write lock held from the first write to COMMIT.
 *
 * SQLite allows one write transaction per file, so an open SQL Server transaction does not keep one
 * when someone else needs to write: its changes live in its own log (TransactionEffects: after-images by
 * rowid, rowversions included) and every statement it runs later takes SQLite's write lock, re-applies
 * the log, runs, and keeps the lock until another session asks for it (SqliteWriteSlot), when it parks:
 * the rows written meanwhile are read into the log and the SQLite transaction rolls back. COMMIT
 * re-applies the log once more and commits for real. Other sessions therefore only ever see committed
 * data (reads never block), and the session always sees its own writes.
 *
 * The rows and unique keys in a parked log are the transaction's locks (RowLockManager). A write
 * statement that touches a row another open transaction holds, or writes (or collides with) a key it
 * holds, is undone (a savepoint) and throws TransactionConflict; the session waits for that transaction
 * and runs the statement again against the new committed state. Which rows a statement touches is decided
 * against the latest committed data, as SQL Server's optimized locking does under read committed snapshot
 * ("lock after qualification": https://learn.microsoft.com/sql/relational-databases/performance/optimized-locking).
 *
 * Rows read WITH (UPDLOCK) or (XLOCK) inside a transaction are locked the same way, at once (readLocked):
 * SQL Server's update locks, "taken and held until the transaction completes"
 * (https://learn.microsoft.com/sql/t-sql/queries/hints-transact-sql-table). U conflicts with U and X but
 * not with S (https://learn.microsoft.com/sql/relational-databases/sql-server-transaction-locking-and-row-versioning-guide);
 * reads take no S locks here, so a U lock is an exclusive row lock that plain reads never meet.
 *
 * DDL inside a transaction cannot be logged by rowid: it keeps SQLite's write lock until the transaction
 * ends (pinned), and others wait for that transaction like for a lock.
 */
export class SessionTransaction implements WriteSlotHolder {
  /** BEGIN IMMEDIATE is open on this connection, with the log applied. */
  private holding = false;
  private ddl = false;
  private readonly effects: TransactionEffects;
  private readonly capture: ChangeCapture;
  private readonly updateLocks: UpdateLockReads;
  private readonly dbtsRead: Database.Statement;
  private readonly dbtsWrite: Database.Statement;
  private readonly largest = new Map<string, { table: ResolvedTable; stmt: Database.Statement }>();

  constructor(
    private readonly db: Database.Database,
    private readonly shared: EngineShared,
    readonly id: number,
  ) {
    this.effects = new TransactionEffects(db, shared.catalog);
    this.capture = new ChangeCapture(db);
    this.updateLocks = new UpdateLockReads(db);
    this.dbtsRead = db.prepare("SELECT value FROM __uh_meta WHERE key = 'dbts'").pluck().safeIntegers(true);
    this.dbtsWrite = db.prepare("UPDATE __uh_meta SET value = ? WHERE key = 'dbts'");
  }

  get pinned(): boolean {
    return this.ddl;
  }

  /**
   * Before a read: one that may see a table this transaction changed runs inside the session's SQLite
   * transaction (to see its own writes). Every other read runs outside any, at no extra cost.
   */
  beforeRead(sql: string): void {
    if (!this.holding && !this.effects.isEmpty && this.effects.touchesTablesOf(sql)) this.claim();
  }

  /**
   * Runs a read (`run`) that takes update locks (takesUpdateLocks): the rows its WITH (UPDLOCK) tables gave
   * are locked until the transaction ends, or only checked in autocommit, where SQL Server releases them
   * with the statement. Throws TransactionConflict when another open transaction holds one of them (wrote it
   * or U-locked it): the read is run again, on the new committed state, once that one ends.
   */
  readLocked<T>(inTransaction: boolean, run: () => T): T {
    const { result, rows } = this.updateLocks.collect(run);
    if (rows.length === 0) return result;
    // The rows of the transaction holding SQLite's write lock become its locks once it parks.
    const holder = this.shared.writeSlot.makeWay(this.id);
    if (holder !== undefined) throw new TransactionConflict(holder);
    const owner = this.updateLockHolder(rows);
    if (owner !== undefined) throw new TransactionConflict(owner);
    if (inTransaction) for (const [table, rowid] of rows) this.shared.locks.lockRow(this.id, table, rowid);
    return result;
  }

  /**
   * Runs one INSERT/UPDATE/DELETE (`run` executes the compiled SQL). In autocommit the statement commits
   * at once. Throws TransactionConflict (the statement has had no effect) when it meets another open
   * transaction's row or key, and SQLite's or the engine's errors otherwise (the statement undone).
   */
  write<T>(plan: WritePlan, bindings: Record<string, Stored>, inTransaction: boolean, run: () => T): T {
    this.capture.watch(plan.table, this.shared.catalog.version, this.holding);
    this.claim();
    let result: T;
    try {
      result = this.attempt(plan, bindings, inTransaction, run);
    } catch (error) {
      // Whatever failed, an autocommit statement never keeps SQLite's write lock.
      if (!inTransaction) this.endAutocommit(false);
      throw error;
    }
    if (!inTransaction) this.endAutocommit(true);
    return result;
  }

  /** One try at a write statement, inside this session's SQLite transaction; undone when it throws. */
  private attempt<T>(
    plan: WritePlan,
    bindings: Record<string, Stored>,
    inTransaction: boolean,
    run: () => T,
  ): T {
    const { table } = plan;
    const name = table.sqliteName;
    if (plan.verb === 'INSERT') this.shared.rowids.atLeast(name, this.largestRowid(table));
    const locks = this.shared.locks;
    const checkRows = locks.othersHoldRows(name, this.id);
    const checkKeys = locks.othersHoldKeys(name, this.id);
    const updlock = takesUpdateLocks(plan);
    const checked = checkRows || checkKeys || updlock;
    const firstRowversion = this.shared.clock.firstOf(this.id);
    let mark = 0n;
    if (checked) {
      this.db.exec('SAVEPOINT uh_statement');
      mark = this.capture.mark();
    }
    let result: T;
    let read: LockedRow[] = [];
    try {
      if (updlock) ({ result, rows: read } = this.updateLocks.collect(run));
      else result = run();
    } catch (error) {
      if (checked) this.undoStatement();
      this.shared.clock.restore(this.id, firstRowversion);
      // A duplicate of a committed key that another open transaction is deleting or changing: wait for it.
      const owner = checkKeys && isUniqueViolation(error) ? this.keyHolderOf(plan, bindings) : undefined;
      throw owner === undefined ? error : new TransactionConflict(owner);
    }
    if (checked) {
      const owner =
        (checkRows || checkKeys
          ? this.holderOf(table, this.capture.since(mark), checkRows, checkKeys)
          : undefined) ?? this.updateLockHolder(read);
      if (owner !== undefined) {
        this.undoStatement();
        this.shared.clock.restore(this.id, firstRowversion);
        throw new TransactionConflict(owner);
      }
      this.db.exec('RELEASE uh_statement');
      if (inTransaction) for (const [t, rowid] of read) locks.lockRow(this.id, t, rowid);
    }
    return result;
  }

  /**
   * CREATE/DROP: waits until no other transaction has open changes (their logs name rowids of the tables
   * as they are now); inside a transaction, keeps SQLite's write lock until it ends.
   */
  runDdl(inTransaction: boolean, run: () => void): void {
    const holder = this.shared.writeSlot.makeWay(this.id);
    if (holder !== undefined) throw new TransactionConflict(holder);
    const other = this.shared.locks.anyOwnerExcept(this.id);
    if (other !== undefined) throw new TransactionConflict(other);
    this.claim();
    try {
      run();
    } catch (error) {
      if (!inTransaction) this.endAutocommit(false);
      throw error;
    }
    if (inTransaction) this.ddl = true;
    else this.endAutocommit(true);
  }

  /** COMMIT of the outermost transaction. Throws TransactionConflict/SQLITE_BUSY (nothing done) while it must wait. */
  commit(): void {
    if (this.holding || !this.effects.isEmpty) {
      this.claim();
      this.commitSqlite();
    }
    this.ended();
  }

  rollback(): void {
    try {
      this.rollbackSqlite();
      if (this.ddl) this.shared.catalog.load(this.db);
    } finally {
      this.ended();
    }
  }

  /** Gives up SQLite's write lock, keeping the transaction's changes in its log (called by SqliteWriteSlot). */
  park(): void {
    if (!this.holding || this.ddl) return;
    const touched = this.capture.touched();
    const fresh = this.effects.takeAfterImages(touched);
    this.rollbackSqlite();
    this.effects.takeBeforeImages(fresh);
    this.effects.lock(this.shared.locks, this.id, touched);
  }

  /** Takes SQLite's write lock for this session and re-applies its transaction's changes. */
  private claim(): void {
    if (this.holding) return;
    const holder = this.shared.writeSlot.makeWay(this.id);
    if (holder !== undefined) throw new TransactionConflict(holder);
    // SQLITE_BUSY here means another process holds the lock: the caller waits (LockWaiter) and retries.
    this.db.exec('BEGIN IMMEDIATE');
    this.holding = true;
    this.shared.writeSlot.took(this);
    try {
      this.shared.clock.observe(BigInt(this.dbtsRead.get() as bigint));
      this.effects.replay();
      this.capture.clear();
    } catch (error) {
      this.rollbackSqlite();
      throw error;
    }
  }

  private undoStatement(): void {
    // Some errors (SQLITE_FULL, SQLITE_IOERR ...) make SQLite roll the whole transaction back itself.
    if (!this.db.inTransaction) {
      this.rollbackSqlite();
      return;
    }
    this.db.exec('ROLLBACK TO uh_statement');
    this.db.exec('RELEASE uh_statement');
  }

  private endAutocommit(commit: boolean): void {
    try {
      if (commit) this.commitSqlite();
      else this.rollbackSqlite();
    } finally {
      this.shared.clock.release(this.id);
    }
  }

  private commitSqlite(): void {
    try {
      this.dbtsWrite.run(this.shared.clock.dbts);
      this.capture.clear();
      this.db.exec('COMMIT');
    } catch (error) {
      this.rollbackSqlite();
      throw error;
    }
    this.holding = false;
    this.capture.committed();
    this.shared.writeSlot.vacated(this);
    this.shared.lockWaiter.notify();
  }

  private rollbackSqlite(): void {
    if (!this.holding) return;
    this.holding = false;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.capture.rolledBack();
      this.shared.writeSlot.vacated(this);
      this.shared.lockWaiter.notify();
    }
  }

  private ended(): void {
    this.ddl = false;
    this.effects.clear();
    this.shared.clock.release(this.id);
    this.shared.locks.release(this.id);
  }

  /** The other transaction holding a row this statement wrote, or a unique key it gave one of them. */
  private holderOf(
    table: ResolvedTable,
    written: readonly TouchedRow[],
    rows: boolean,
    keys: boolean,
  ): number | undefined {
    const locks = this.shared.locks;
    const name = table.sqliteName;
    for (const [, rowid] of written) {
      const owner = rows ? locks.rowOwner(name, rowid, this.id) : undefined;
      if (owner !== undefined) return owner;
      const image = keys ? this.effects.currentImage(name, rowid) : undefined;
      if (image === undefined) continue;
      for (const key of uniqueKeys(table, image)) {
        const keyOwner = locks.keyOwner(name, key, this.id);
        if (keyOwner !== undefined) return keyOwner;
      }
    }
    return undefined;
  }

  /** The other transaction holding one of these rows (written, or read WITH (UPDLOCK)), if any. */
  private updateLockHolder(rows: readonly LockedRow[]): number | undefined {
    const locks = this.shared.locks;
    for (const [table, rowid] of rows) {
      const owner = locks.rowOwner(table, rowid, this.id);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  /** After a duplicate-key error: the other transaction holding one of the keys the statement meant to write. */
  private keyHolderOf(plan: WritePlan, bindings: Record<string, Stored>): number | undefined {
    if (plan.probeSql === undefined) return undefined;
    let probed: Stored[][];
    try {
      probed = this.db.prepare(plan.probeSql).raw(true).safeIntegers(true).all(bindings) as Stored[][];
    } catch {
      return undefined;
    }
    for (const row of probed)
      for (const key of uniqueKeys(plan.table, row)) {
        const owner = this.shared.locks.keyOwner(plan.table.sqliteName, key, this.id);
        if (owner !== undefined) return owner;
      }
    return undefined;
  }

  private largestRowid(table: ResolvedTable): bigint {
    let entry = this.largest.get(table.sqliteName);
    if (entry === undefined || entry.table !== table) {
      entry = {
        table,
        stmt: this.db.prepare(`SELECT max(rowid) FROM "${table.sqliteName}"`).pluck().safeIntegers(true),
      };
      this.largest.set(table.sqliteName, entry);
    }
    return BigInt((entry.stmt.get() as bigint | null) ?? 0n);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
