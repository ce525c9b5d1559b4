import type { KeyValue } from '../backfill/BackfillEntity';

/**
 * A key range of an entity: the rows after `lo` (exclusive) up to and including `hi`, in the UH unique
 * index's order; null bounds are open. The same bounds select the range on both sides (the cloud's in
 * its own key form), so each side's rows of a range hash to the same sum when the stores agree.
 */
export interface Segment {
  readonly lo: readonly KeyValue[] | null;
  readonly hi: readonly KeyValue[] | null;
}

export const WHOLE_TABLE: Segment = { lo: null, hi: null };

/** A range's aggregate on one side: how many rows, and the sum of their row hashes (see segmentHashSql.ts). */
export interface SegmentHash {
  readonly rows: number;
  readonly sum: bigint;
}

export function sameHash(a: SegmentHash, b: SegmentHash): boolean {
  return a.rows === b.rows && a.sum === b.sum;
}

export function describeSegment(segment: Segment): string {
  const key = (k: readonly KeyValue[] | null) => (k === null ? '' : k.map((v) => String(v)).join('|'));
  return `(${key(segment.lo) || 'start'} .. ${key(segment.hi) || 'end'}]`;
}
