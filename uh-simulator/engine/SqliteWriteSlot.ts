/** A session that can hold SQLite's write lock between statements. */
export interface WriteSlotHolder {
  readonly id: number;
  /** DDL ran in its transaction: it keeps the lock until the transaction ends. */
  readonly pinned: boolean;
  /** Keep its transaction's changes in its own log and give up the lock (ROLLBACK). */
  park(): void;
}

/**
 * SQLite admits one write transaction per file. A session with an open SQL Server transaction keeps
 * its SQLite write transaction (its changes applied, its reads seeing them) between statements while no
 * one else needs to write: no replay at all in the uncontended case, such as a seed loading a table in
 * one transaction. Another session (or the bulk loader) that needs to write first asks the holder to
 * park; a holder pinned by DDL cannot, and is waited for like a lock.
 */
export class SqliteWriteSlot {
  private holder: WriteSlotHolder | undefined;

  /** Makes way for `claimant`; returns the session to wait for when the holder cannot park. */
  makeWay(claimant: number): number | undefined {
    const holder = this.holder;
    if (holder === undefined || holder.id === claimant) return undefined;
    if (holder.pinned) return holder.id;
    holder.park();
    return undefined;
  }

  took(holder: WriteSlotHolder): void {
    this.holder = holder;
  }

  vacated(holder: WriteSlotHolder): void {
    if (this.holder === holder) this.holder = undefined;
  }
}
