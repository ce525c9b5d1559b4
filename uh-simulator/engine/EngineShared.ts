import type Database from 'better-sqlite3';
import type { Catalog } from './Catalog';
import type { Conversions } from './Conversions';
import type { LockWaiter } from './LockWaiter';
import type { RowidAllocator } from './RowidAllocator';
import type { RowLockManager } from './RowLockManager';
import type { RowversionClock } from './RowversionClock';
import type { SqliteWriteSlot } from './SqliteWriteSlot';
import type { InjectedFault, SqlServerError } from './types';

/** What every session of one engine shares. */
export interface EngineShared {
  readonly file: string;
  readonly catalog: Catalog;
  readonly conversions: Conversions;
  readonly clock: RowversionClock;
  /** Waits for SQLite's write lock held by another process (another engine on the same file). */
  readonly lockWaiter: LockWaiter;
  /** Row and key locks of open transactions, lock waits, deadlock detection. */
  readonly locks: RowLockManager;
  readonly rowids: RowidAllocator;
  /** Which session holds SQLite's write lock between statements. */
  readonly writeSlot: SqliteWriteSlot;
  /** Opens a connection with the engine's pragmas and uh_* functions. */
  openConnection(sessionId: number): Database.Database;
  /** Returns the injected fault for this statement text, if one is due. */
  takeFault(sql: string): InjectedFault | undefined;
  faultError(fault: InjectedFault, sessionId: number): SqlServerError;
  sessionClosed(sessionId: number): void;
}
