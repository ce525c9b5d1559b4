/**
 * The database-wide rowversion counter (@@DBTS) and, per session, the first value its open write
 * transaction took. MIN_ACTIVE_ROWVERSION() is the lowest of those, else @@DBTS + 1: change capture
 * reads "tstamp < MIN_ACTIVE_ROWVERSION()" and must never skip a row a slower transaction commits later.
 * Values are taken when a row is written (uh_next_rv), not at commit, as SQL Server does
 * (https://learn.microsoft.com/sql/t-sql/data-types/rowversion-transact-sql), so a transaction that
 * wrote early can commit after others that took higher values
 * (https://learn.microsoft.com/sql/t-sql/functions/min-active-rowversion-transact-sql).
 */
export class RowversionClock {
  private last: bigint;
  private readonly active = new Map<number, bigint>();

  constructor(initial: bigint) {
    this.last = initial;
  }

  get dbts(): bigint {
    return this.last;
  }

  /** Another engine on the same file may have moved the counter on; never go backwards. */
  observe(persisted: bigint): void {
    if (persisted > this.last) this.last = persisted;
  }

  next(sessionId: number): bigint {
    this.last += 1n;
    if (!this.active.has(sessionId)) this.active.set(sessionId, this.last);
    return this.last;
  }

  /** The first value the session's open transaction took, if any (to restore after an undone statement). */
  firstOf(sessionId: number): bigint | undefined {
    return this.active.get(sessionId);
  }

  /**
   * A statement was undone (it failed, or met another transaction's lock and will wait): the values it
   * took stay used (never handed out again), but no row carries them, so they no longer hold
   * MIN_ACTIVE_ROWVERSION() down. `first` is what firstOf() said before the statement.
   */
  restore(sessionId: number, first: bigint | undefined): void {
    if (first === undefined) this.active.delete(sessionId);
    else this.active.set(sessionId, first);
  }

  /** The session's write transaction ended (commit or rollback). */
  release(sessionId: number): void {
    this.active.delete(sessionId);
  }

  minActive(): bigint {
    let min = this.last + 1n;
    for (const v of this.active.values()) if (v < min) min = v;
    return min;
  }
}
