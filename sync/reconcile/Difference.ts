import type { KeyValue } from '../backfill/BackfillEntity';

/**
 * One way an entity's row differs between the stores, before and after classification:
 * - `missingInCloud`: UH holds the row and the cloud does not (the cloud model may be unable to: `rejection`);
 * - `missingInUh`: the cloud holds a row UH does not (an extra row in the cloud);
 * - `field`: both hold it and one field differs (`field` is the cloud column).
 */
export type DifferenceKind = 'missingInCloud' | 'missingInUh' | 'field';

export interface Difference {
  /** The row's canonical key (the cloud's), or UH's own key for a row the mappers cannot key. */
  readonly key: string;
  readonly kind: DifferenceKind;
  readonly field: string | null;
  /** The field's text, or the whole row as JSON for a missing row; null where that side has nothing. */
  readonly uhValue: string | null;
  readonly cloudValue: string | null;
  /** UH's key as sync.reject keeps it, when UH has the row. */
  readonly uhSourceKey: string | null;
  /** UH's key values (to read the row again), and the cloud's (to find its row), where each has the row. */
  readonly uhKey: readonly KeyValue[] | null;
  readonly cloudKey: readonly unknown[] | null;
  /** The UH row's rowversion, when read (the sync-lag explanation compares it with the forward checkpoint). */
  readonly uhTstamp: Buffer | null;
  /** Why the backfill's mappers cannot make a cloud row of UH's (their reject reason). */
  readonly rejection: string | null;
}

/** Why a difference is expected; `null` when nothing explains it. */
export type Explanation = 'reject' | 'lossyText' | 'conflict' | 'syncLag' | 'outboxPending' | 'deadLetter';

export interface ClassifiedDifference extends Difference {
  readonly explanation: Explanation | null;
  /** What the explanation rests on (the reject reason, the conflict id, the checkpoint ...). */
  readonly detail: string | null;
}

export const EXPLANATION_LABELS: Readonly<Record<Explanation, string>> = {
  reject: 'backfill reject',
  lossyText: 'text UH cannot hold',
  conflict: 'pending conflict',
  syncLag: 'within the sync lag',
  outboxPending: 'cloud write waiting for UH',
  deadLetter: 'dead letter',
};
