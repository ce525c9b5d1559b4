import { DeadlockVictim } from './TransactionConflict';
import { RequestCancelledError } from './types';

interface Held {
  readonly rows: [table: string, rowid: bigint][];
  readonly keys: [table: string, key: string][];
}

interface Waiting {
  readonly owner: number;
  fail(error: Error): void;
}

/**
 * The engine's lock table, shared by its sessions: the rows (table + rowid) and unique-index keys each
 * open transaction has written, held until it commits or rolls back, as SQL Server holds exclusive row
 * and key locks (https://learn.microsoft.com/sql/relational-databases/sql-server-transaction-locking-and-row-versioning-guide).
 * Only writers consult it; reads never block.
 *
 * A transaction's locks are registered when its changes leave SQLite's write lock (see SessionTransaction):
 * the only moments another session can look at them.
 *
 * Waits form a graph (each waiting session waits for one transaction). A wait that would close a cycle is a
 * deadlock: the member cheapest to roll back (fewest locks, the requester on a tie) is the victim, as
 * SQL Server chooses between sessions of equal deadlock priority
 * (https://learn.microsoft.com/sql/t-sql/statements/set-deadlock-priority-transact-sql); its wait fails
 * with DeadlockVictim and its session rolls back and answers 1205.
 */
export class RowLockManager {
  private readonly rowOwners = new Map<string, Map<bigint, number>>();
  private readonly keyOwners = new Map<string, Map<string, number>>();
  /** Per table, the sessions holding any row (or key) lock on it: the cheap "does anyone else?" test. */
  private readonly rowTables = new Map<string, Set<number>>();
  private readonly keyTables = new Map<string, Set<number>>();
  private readonly held = new Map<number, Held>();
  private readonly waiting = new Map<number, Waiting>();
  private readonly wakers = new Map<number, Set<() => void>>();

  private heldBy(owner: number): Held {
    let h = this.held.get(owner);
    if (h === undefined) {
      h = { rows: [], keys: [] };
      this.held.set(owner, h);
    }
    return h;
  }

  lockRow(owner: number, table: string, rowid: bigint): void {
    let owners = this.rowOwners.get(table);
    if (owners === undefined) this.rowOwners.set(table, (owners = new Map()));
    if (owners.get(rowid) === owner) return;
    owners.set(rowid, owner);
    this.heldBy(owner).rows.push([table, rowid]);
    addTo(this.rowTables, table, owner);
  }

  lockKey(owner: number, table: string, key: string): void {
    let owners = this.keyOwners.get(table);
    if (owners === undefined) this.keyOwners.set(table, (owners = new Map()));
    if (owners.get(key) === owner) return;
    owners.set(key, owner);
    this.heldBy(owner).keys.push([table, key]);
    addTo(this.keyTables, table, owner);
  }

  /** Does a transaction other than `me` hold row locks on this table? */
  othersHoldRows(table: string, me: number): boolean {
    return othersIn(this.rowTables.get(table), me);
  }

  othersHoldKeys(table: string, me: number): boolean {
    return othersIn(this.keyTables.get(table), me);
  }

  /** The other transaction holding this row, if any. */
  rowOwner(table: string, rowid: bigint, me: number): number | undefined {
    const owner = this.rowOwners.get(table)?.get(rowid);
    return owner === me ? undefined : owner;
  }

  keyOwner(table: string, key: string, me: number): number | undefined {
    const owner = this.keyOwners.get(table)?.get(key);
    return owner === me ? undefined : owner;
  }

  /** Some other transaction holding locks (DDL waits for every one of them), if any. */
  anyOwnerExcept(me: number): number | undefined {
    for (const owner of this.held.keys()) if (owner !== me) return owner;
    return undefined;
  }

  ownsAny(owner: number): boolean {
    return this.held.has(owner);
  }

  /** How many sessions wait for a transaction now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** How much rolling this transaction back would undo: the deadlock victim is the cheapest. */
  cost(owner: number): number {
    const h = this.held.get(owner);
    return h === undefined ? 0 : h.rows.length + h.keys.length;
  }

  /** The transaction ended: its locks go and whoever waited for it runs again. */
  release(owner: number): void {
    const h = this.held.get(owner);
    if (h !== undefined) {
      this.held.delete(owner);
      for (const [table, rowid] of h.rows) {
        const owners = this.rowOwners.get(table);
        if (owners?.get(rowid) === owner) owners.delete(rowid);
        removeFrom(this.rowTables, table, owner);
      }
      for (const [table, key] of h.keys) {
        const owners = this.keyOwners.get(table);
        if (owners?.get(key) === owner) owners.delete(key);
        removeFrom(this.keyTables, table, owner);
      }
    }
    const wakers = this.wakers.get(owner);
    if (wakers !== undefined) {
      this.wakers.delete(owner);
      for (const wake of [...wakers]) wake();
    }
  }

  /**
   * Resolves when `owner`'s transaction ends. Rejects with RequestCancelledError when the signal fires,
   * and with DeadlockVictim when waiting would deadlock and this session is (or later becomes) the victim.
   * Registers synchronously, so nothing can end `owner`'s transaction between the conflict and the wait.
   */
  wait(waiter: number, owner: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new RequestCancelledError());
    const cycle = this.cycleThrough(waiter, owner);
    if (cycle !== undefined) {
      let victim = waiter;
      for (const member of cycle) if (this.cost(member) < this.cost(victim)) victim = member;
      if (victim === waiter) return Promise.reject(new DeadlockVictim());
      this.waiting.get(victim)?.fail(new DeadlockVictim());
    }
    return new Promise<void>((resolve, reject) => {
      let wakers = this.wakers.get(owner);
      if (wakers === undefined) this.wakers.set(owner, (wakers = new Set()));
      const done = (): void => {
        wakers.delete(wake);
        this.waiting.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      const wake = (): void => {
        done();
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(new RequestCancelledError());
      };
      wakers.add(wake);
      this.waiting.set(waiter, {
        owner,
        fail: (error) => {
          done();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The sessions `owner` waits for, transitively, when the chain comes back to `waiter`. */
  private cycleThrough(waiter: number, owner: number): number[] | undefined {
    const chain: number[] = [];
    for (let s: number | undefined = owner; s !== undefined; s = this.waiting.get(s)?.owner) {
      if (s === waiter) return chain;
      if (chain.includes(s)) return undefined;
      chain.push(s);
    }
    return undefined;
  }
}

function addTo(index: Map<string, Set<number>>, table: string, owner: number): void {
  let owners = index.get(table);
  if (owners === undefined) index.set(table, (owners = new Set()));
  owners.add(owner);
}

function removeFrom(index: Map<string, Set<number>>, table: string, owner: number): void {
  const owners = index.get(table);
  if (owners === undefined) return;
  owners.delete(owner);
  if (owners.size === 0) index.delete(table);
}

function othersIn(owners: Set<number> | undefined, me: number): boolean {
  return owners !== undefined && (owners.size > 1 || !owners.has(me));
}
