/**
 * The database-wide rowversion counter (@@DBTS) and, per session, the first value its open write
 * transaction took. MIN_ACTIVE_ROWVERSION() is the lowest of those, else @@DBTS + 1: change capture
 * reads "tstamp < MIN_ACTIVE_ROWVERSION()" and must never skip a row a slower transaction commits later.
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
