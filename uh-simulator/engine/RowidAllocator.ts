/**
 * Rowids for INSERTs, engine-wide per table. Rows an open transaction inserted exist only in its own
 * SQLite transactions until it commits, so SQLite's "largest rowid + 1" would hand the same rowid to a
 * second transaction inserting into the same table; every INSERT therefore names its rowids
 * (uh_next_rowid), and a rowid is never handed out twice, even when the transaction that took it rolls back.
 */
export class RowidAllocator {
  private readonly last = new Map<string, bigint>();

  /**
   * Before an INSERT runs: the largest rowid the session sees (committed rows, bulk loads, other
   * engines' commits) is taken; nothing below it is handed out.
   */
  atLeast(table: string, largest: bigint): void {
    const current = this.last.get(table);
    if (current === undefined || largest > current) this.last.set(table, largest);
  }

  next(table: string): bigint {
    const value = (this.last.get(table) ?? 0n) + 1n;
    this.last.set(table, value);
    return value;
  }
}
