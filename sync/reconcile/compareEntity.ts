import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import type { Difference } from './Difference';
import { fetchLeafRows, type CloudEntityRow } from './fetchLeafRows';
import type { UhEntityRow } from './fetchUhRecords';
import { cloudSegmentHash, uhSegmentHash } from './hashSegment';
import { mapConcurrent } from './mapConcurrent';
import { pairRows } from './pairRows';
import type { AnyReconcileEntity } from './ReconcileEntity';
import { sameHash, WHOLE_TABLE, type Segment, type SegmentHash } from './Segment';
import { splitSegment } from './splitSegment';

/** How the key space is cut: parts per split, and the size under which a range's rows are hashed one by one. */
export interface BisectOptions {
  /**
   * At most this many parts per split: a range is cut into parts of about `leafRows` rows when that needs
   * no more (so a large table that differs is hashed twice, not once per level), else into `fanout`.
   */
  readonly fanout: number;
  readonly leafRows: number;
  /** Ranges hashed at once on each side. */
  readonly concurrency: number;
}

export const DEFAULT_BISECT: BisectOptions = { fanout: 1_024, leafRows: 512, concurrency: 4 };

/** What comparing one entity found, and what it cost. */
export interface EntityComparison {
  readonly uhRows: number;
  readonly cloudRows: number;
  /** Range checksums computed, per side. */
  readonly rangesHashed: number;
  /** Per-row hashes read, both sides together. */
  readonly rowHashesFetched: number;
  /** Whole rows read, both sides together (to pair and compare field by field). */
  readonly rowsFetched: number;
  readonly differences: Difference[];
  readonly seconds: number;
}

/**
 * data-diff's checksum-and-bisect between UH and the cloud: the whole table's checksum on both sides;
 * where they differ, the range is cut (by keys of the side that holds more of it) into parts of about
 * `leafRows` rows, or `fanout` parts when that would be more, and each part checksummed again, down to
 * ranges of at most `leafRows` rows, whose row hashes come back;
 * only rows whose hash the other side lacks are read whole, paired by key, and compared field by field
 * through the backfill's mappers. When the stores agree, each side reads its table once and sends back
 * one row.
 */
export async function compareEntity(
  uh: UhStore,
  pg: PgStore,
  entity: AnyReconcileEntity,
  options: BisectOptions = DEFAULT_BISECT,
): Promise<EntityComparison> {
  const started = performance.now();
  let rangesHashed = 0;
  const hash = async (segment: Segment): Promise<[SegmentHash, SegmentHash]> => {
    rangesHashed++;
    return Promise.all([uhSegmentHash(uh, entity, segment), cloudSegmentHash(pg, entity, segment)]);
  };
  const [uhWhole, cloudWhole] = await hash(WHOLE_TABLE);
  const leaves: Segment[] = [];
  let pending: { segment: Segment; uh: SegmentHash; cloud: SegmentHash }[] = sameHash(uhWhole, cloudWhole)
    ? []
    : [{ segment: WHOLE_TABLE, uh: uhWhole, cloud: cloudWhole }];
  while (pending.length > 0) {
    const toSplit = pending.filter((p) => {
      if (Math.max(p.uh.rows, p.cloud.rows) > options.leafRows) return true;
      leaves.push(p.segment);
      return false;
    });
    const parts = await mapConcurrent(toSplit, options.concurrency, async (p) => {
      const rows = Math.max(p.uh.rows, p.cloud.rows);
      const count = Math.min(options.fanout, Math.ceil(rows / options.leafRows));
      const split = await splitSegment(
        uh,
        pg,
        entity,
        p.segment,
        { uh: p.uh.rows, cloud: p.cloud.rows },
        count,
      );
      // No key to cut at (every key irregular): read the range's row hashes as it is.
      if (split.length === 1) leaves.push(p.segment);
      return split.length === 1 ? [] : split;
    });
    const hashed = await mapConcurrent(parts.flat(), options.concurrency, async (segment) => {
      const [u, c] = await hash(segment);
      return { segment, uh: u, cloud: c };
    });
    pending = hashed.filter((h) => !sameHash(h.uh, h.cloud));
  }
  const uhRows: UhEntityRow[] = [];
  const cloudRows: CloudEntityRow[] = [];
  let rowHashesFetched = 0;
  let rowsFetched = 0;
  await mapConcurrent(leaves, options.concurrency, async (segment) => {
    const leaf = await fetchLeafRows(uh, pg, entity, segment);
    uhRows.push(...leaf.uh);
    cloudRows.push(...leaf.cloud);
    rowHashesFetched += leaf.rowHashes;
    rowsFetched += leaf.rows;
  });
  return {
    uhRows: uhWhole.rows,
    cloudRows: cloudWhole.rows,
    rangesHashed,
    rowHashesFetched,
    rowsFetched,
    differences: pairRows(entity, uhRows, cloudRows),
    seconds: (performance.now() - started) / 1000,
  };
}
