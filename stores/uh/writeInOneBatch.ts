import type { UhClient, UhRow } from './UhStore';
import type { UhParam } from './UhQuery';

/**
 * A write that is one request to UH: its own transaction, begun and committed inside the batch, so it costs one
 * round trip over the VPN instead of one per statement plus BEGIN and COMMIT. T-SQL's IF is not used (the UH
 * simulator does not run control flow): what the batch reads goes into variables, and each write is guarded by
 * them in its WHERE clause, so a write that must not happen matches no row. The last statement selects what
 * the caller needs to tell the outcome.
 *
 * - `SET XACT_ABORT ON`: a run-time error anywhere (a duplicate key, a value too long, a deadlock) rolls the
 *   whole transaction back and ends the batch, and so does the client's ATTENTION when the request times out
 *   (https://learn.microsoft.com/en-us/sql/t-sql/statements/set-xact-abort-transact-sql). Without it some
 *   errors end only their statement, and COMMIT would keep the rest.
 * - The batch has parameters, so it runs through sp_executesql, and its SETs end with it: the pooled connection
 *   is left as it was (https://learn.microsoft.com/en-us/sql/t-sql/statements/set-statements-transact-sql).
 * - `SET NOCOUNT ON` leaves out the row-count messages nobody reads; @@ROWCOUNT is still set.
 * - A SELECT that assigns variables returns no result set, so the outcome is the batch's only one
 *   (https://learn.microsoft.com/en-us/sql/t-sql/language-elements/select-local-variable-transact-sql).
 * - Reads whose result a write depends on take UPDLOCK, so no other writer changes those rows before the
 *   transaction ends (https://learn.microsoft.com/en-us/sql/t-sql/queries/hints-transact-sql-table).
 */
export interface OneBatchWrite {
  /** Names the request in logs, metrics and errors. */
  readonly name: string;
  /** The batch's variables, e.g. `@written int`. */
  readonly declare: readonly string[];
  /** The statements, in order, inside the transaction. */
  readonly statements: readonly string[];
  /** The SELECT of the outcome, run inside the transaction after the writes. */
  readonly outcome: string;
  readonly params: readonly UhParam[];
}

/** The batch's text (the SQL snapshots of the registered mutations pin it). */
function oneBatchText(write: Omit<OneBatchWrite, 'name' | 'params'>): string {
  return [
    'SET XACT_ABORT ON',
    'SET NOCOUNT ON',
    ...(write.declare.length > 0 ? [`DECLARE ${write.declare.join(', ')}`] : []),
    'BEGIN TRANSACTION',
    ...write.statements,
    write.outcome,
    'COMMIT TRANSACTION',
  ].join(';\n');
}

/** Run the write as one request; the rows of its outcome SELECT. */
export async function writeInOneBatch<R extends object>(store: UhClient, write: OneBatchWrite): Promise<R[]> {
  const sets = await store.queryBatch({ name: write.name, text: oneBatchText(write), params: write.params });
  if (sets.length !== 1)
    throw new Error(`UH answered the write ${write.name} with ${sets.length} result sets, expected 1`);
  return sets[0] as UhRow[] as R[];
}
