import type { UhRow } from '../../stores/uh/UhStore';

/** A cloud write waiting in sync.outbox (status PENDING) to be applied to UH. */
export interface PendingWrite {
  readonly id: string;
  readonly entity: string;
  readonly entityKey: string;
  readonly operation: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly payload: unknown;
}

/**
 * Does UH already hold what this pending outbox row would write? The reverse direction applies a row to UH
 * and then marks it APPLIED in PostgreSQL; a crash between the two leaves the row PENDING while UH holds
 * its write. Forward capture then sees that UH version as a change on a key with a pending cloud write:
 * when the matcher says the UH row is that write (the reverse direction's "UH image" of the payload), it
 * is an echo and is skipped; otherwise it is a conflict.
 *
 * `uhRow` is the UH row forward capture read for the key, with the entity's own columns as its
 * EntitySelect names them (e.g. con_phone1..3 and email_address for contactDetails; eot and terminated for
 * tenancy; rq_problem, rq_name, rq_phone, rq_priority for repairRequest), values as mssql returns them.
 */
export type PendingWriteMatcher = (pending: PendingWrite, uhRow: Readonly<UhRow>) => boolean;

/**
 * Without the reverse direction's image function, nothing is recognised as an echo: every UH change on a key
 * with a pending cloud write is recorded as a conflict and resolved by phase (a false conflict is visible and
 * reviewable; a false echo would drop a legacy application's change silently).
 */
export const neverMatches: PendingWriteMatcher = () => false;
