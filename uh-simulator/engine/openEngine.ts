import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BulkLoader } from './BulkLoader';
import { Catalog } from './Catalog';
import { Conversions } from './Conversions';
import type { EngineShared } from './EngineShared';
import { executeDdl } from './executeDdl';
import { LockWaiter } from './LockWaiter';
import { parseBatch } from './parseBatch';
import { registerFunctions } from './registerFunctions';
import { RowidAllocator } from './RowidAllocator';
import { RowLockManager } from './RowLockManager';
import { RowversionClock } from './RowversionClock';
import { SqliteSession } from './SqliteSession';
import { SqliteWriteSlot } from './SqliteWriteSlot';
import { SqlServerError, type Engine, type InjectedFault, type Session, type SqlValue } from './types';

export interface OpenEngineOptions {
  /** SQLite database file; created (with the UH schema) when it does not exist or holds no tables. */
  readonly file: string;
}

/** uh-simulator/schema/uh-schema.sql, run through the engine's own DDL support on a fresh file. */
export const UH_SCHEMA_FILE = join(__dirname, '..', 'schema', 'uh-schema.sql');

const ADMIN_SESSION_ID = 0;

function configure(db: Database.Database): void {
  // Never block the event loop on a lock: SQLITE_BUSY comes back at once and the session waits asynchronously.
  db.pragma('busy_timeout = 0');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
}

/** Opens (or creates) a simulator database: T-SQL over SQLite, one connection per session. */
export function openEngine(options: OpenEngineOptions): Engine {
  const admin = new Database(options.file);
  try {
    // Larger pages: fewer B-tree splits on bulk loads (takes effect only when the file is new).
    admin.pragma('page_size = 16384');
    admin.pragma('journal_mode = WAL');
    configure(admin);
    // The engine's own connection does the bulk loads: room for building indexes in memory.
    admin.pragma('cache_size = -262144');
    Catalog.ensureStorage(admin);
    admin.prepare("INSERT OR IGNORE INTO __uh_meta (key, value) VALUES ('dbts', 0)").run();
  } catch (error) {
    admin.close();
    throw error;
  }
  return new SqliteEngine(options.file, admin);
}

class SqliteEngine implements Engine, EngineShared {
  readonly catalog = new Catalog();
  readonly conversions = new Conversions();
  readonly clock: RowversionClock;
  readonly lockWaiter = new LockWaiter();
  readonly locks = new RowLockManager();
  readonly rowids = new RowidAllocator();
  readonly writeSlot = new SqliteWriteSlot();
  private readonly sessions = new Map<number, SqliteSession>();
  private nextId = 1;
  private faults: { fault: InjectedFault; remaining: number }[] = [];
  private readonly bulk: BulkLoader;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly admin: Database.Database,
  ) {
    this.catalog.load(admin);
    const persisted = BigInt(
      admin
        .prepare("SELECT value FROM __uh_meta WHERE key = 'dbts'")
        .pluck()
        .safeIntegers(true)
        .get() as bigint,
    );
    this.clock = new RowversionClock(persisted);
    registerFunctions(admin, this.conversions, this.clock, this.rowids, ADMIN_SESSION_ID);
    if (this.catalog.size === 0) this.createSchema();
    for (const t of this.catalog.allTables()) {
      if (t.rowversion === undefined) continue;
      const max = admin
        .prepare(`SELECT max("${t.rowversion.name}") FROM "${t.sqliteName}"`)
        .pluck()
        .safeIntegers(true)
        .get() as bigint | null;
      if (max !== null) this.clock.observe(BigInt(max));
    }
    this.bulk = new BulkLoader(admin, this, ADMIN_SESSION_ID);
  }

  private createSchema(): void {
    const statements = parseBatch(readFileSync(UH_SCHEMA_FILE, 'utf8'));
    this.admin.transaction(() => {
      for (const { statement } of statements) executeDdl(this.admin, this.catalog, statement);
    })();
  }

  openConnection(sessionId: number): Database.Database {
    const db = new Database(this.file);
    configure(db);
    registerFunctions(db, this.conversions, this.clock, this.rowids, sessionId);
    return db;
  }

  openSession(): Session {
    if (this.closed) throw new Error('engine is closed');
    const session = new SqliteSession(this, this.nextId++);
    this.sessions.set(session.id, session);
    return session;
  }

  sessionClosed(sessionId: number): void {
    this.sessions.delete(sessionId);
  }

  injectFault(fault: InjectedFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1 });
  }

  takeFault(sql: string): InjectedFault | undefined {
    const i = this.faults.findIndex((f) => f.fault.match === undefined || f.fault.match.test(sql));
    if (i < 0) return undefined;
    const entry = this.faults[i]!;
    entry.remaining--;
    if (entry.remaining <= 0) this.faults.splice(i, 1);
    return entry.fault;
  }

  faultError(fault: InjectedFault, sessionId: number): SqlServerError {
    if (fault.number === 1205) {
      const message =
        fault.message ??
        `Transaction (Process ID ${sessionId + 50}) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.`;
      return new SqlServerError(1205, message, { class: 13, state: 51 });
    }
    return new SqlServerError(fault.number, fault.message ?? `Injected fault ${fault.number}.`);
  }

  bulkInsert(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    if (this.closed) throw new Error('engine is closed');
    this.bulk.insert(table, columns, rows);
  }

  waitingForLocks(): number {
    return this.locks.waitingCount;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.sessions.values()]) s.close();
    this.admin.close();
  }
}
