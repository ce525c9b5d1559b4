/**
 * Thrown by a statement attempt that met another open transaction's lock (a row it wrote, a unique key it
 * wrote, or SQLite's write lock while that transaction holds it for DDL). The attempt has been undone;
 * the session waits for `owner` to end and runs the statement again against the new committed state.
 */
export class TransactionConflict extends Error {
  constructor(readonly owner: number) {
    super(`waits for session ${owner}`);
    this.name = 'TransactionConflict';
  }
}

/** Rejects a lock wait whose session was chosen as the deadlock victim; the session answers 1205. */
export class DeadlockVictim extends Error {
  constructor() {
    super('chosen as deadlock victim');
    this.name = 'DeadlockVictim';
  }
}
