import type Database from 'better-sqlite3';

/** The SQL function compileSelect's updateLockTerm calls for each row of a WITH (UPDLOCK) table. */
export const UPDATE_LOCK_FUNCTION = 'uh_updlock';

export type LockedRow = readonly [table: string, rowid: bigint];

/**
 * The rows a session's statement read from tables hinted WITH (UPDLOCK) or (XLOCK): its connection's
 * uh_updlock reports them while `collect` runs (the function is true and records nothing otherwise, e.g.
 * when a write's probe re-evaluates its WHERE clause). SessionTransaction turns them into row locks.
 */
export class UpdateLockReads {
  private rows: LockedRow[] | undefined;

  constructor(db: Database.Database) {
    db.function(UPDATE_LOCK_FUNCTION, { safeIntegers: true, deterministic: false }, (table, rowid) => {
      if (this.rows !== undefined && rowid !== null) this.rows.push([String(table), BigInt(rowid as bigint)]);
      return 1;
    });
  }

  collect<T>(run: () => T): { result: T; rows: LockedRow[] } {
    const rows: LockedRow[] = [];
    this.rows = rows;
    try {
      return { result: run(), rows };
    } finally {
      this.rows = undefined;
    }
  }
}

/** Does this compiled statement read a table WITH (UPDLOCK)? Worked out once per plan. */
export function takesUpdateLocks(plan: { readonly sql: string | undefined; updlock?: boolean }): boolean {
  return (plan.updlock ??= plan.sql !== undefined && plan.sql.includes(`${UPDATE_LOCK_FUNCTION}(`));
}
