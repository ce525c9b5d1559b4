import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import { MAX_PARAMS_PER_REQUEST } from '../../stores/uh/UhQuery';
import type { KeyValue } from '../backfill/BackfillEntity';
import { keyOfRow } from '../backfill/keysetPredicate';
import { fetchUhRecords, type UhEntityRow } from './fetchUhRecords';
import { cloudKeyListPredicate, uhKeyListPredicate } from './keyListPredicates';
import type { AnyReconcileEntity } from './ReconcileEntity';
import type { Segment } from './Segment';
import { cloudSegmentPredicate, uhSegmentPredicate } from './segmentPredicates';
import { cloudRowHashesSql, cloudRowsSql, uhRowHashesSql } from './segmentHashSql';
import { preparedQuery } from './hashSegment';

/** A cloud row as compared: its key text and each field's text, in the entity's field order. */
export interface CloudEntityRow {
  readonly rk: string;
  /** The primary key's values. */
  readonly key: readonly unknown[];
  readonly texts: readonly (string | null)[];
}

export interface LeafRows {
  readonly uh: UhEntityRow[];
  readonly cloud: CloudEntityRow[];
  /** Row hashes read (both sides) and whole rows read (both sides). */
  readonly rowHashes: number;
  readonly rows: number;
}

/**
 * A small range whose checksums differ: each side's row hashes (key and one number per row), then the
 * whole rows of only those keys whose hash is not on the other side, UH's through the backfill's own
 * SELECT and mappers.
 */
export async function fetchLeafRows(
  uh: UhStore,
  pg: PgStore,
  entity: AnyReconcileEntity,
  segment: Segment,
): Promise<LeafRows> {
  const uhWhere = uhSegmentPredicate(entity, segment);
  const cloudWhere = cloudSegmentPredicate(entity, segment);
  const [uhHashes, cloudHashes] = await Promise.all([
    uh.query<UhRow & { rk: string; h: string | number }>({
      name: `reconcile.${entity.name}.rowHashes`,
      text: uhRowHashesSql(entity, uhWhere.sql),
      params: uhWhere.params,
    }),
    preparedQuery<Record<string, unknown> & { rk: string; h: string }>(
      pg,
      cloudRowHashesSql(entity, cloudWhere.sql),
      cloudWhere.values,
    ),
  ]);
  const count = (hashes: readonly { rk: string; h: string | number }[]) => {
    const seen = new Map<string, number>();
    for (const { rk, h } of hashes)
      seen.set(`${rk}\u0000${BigInt(h)}`, (seen.get(`${rk}\u0000${BigInt(h)}`) ?? 0) + 1);
    return seen;
  };
  const uhSeen = count(uhHashes);
  const cloudSeen = count(cloudHashes);
  // A row is settled when the other side has the same key with the same hash, once each.
  const settled = (id: string) => uhSeen.get(id) === 1 && cloudSeen.get(id) === 1;
  const uhKeys: KeyValue[][] = uhHashes
    .filter((row) => !settled(`${row.rk}\u0000${BigInt(row.h)}`))
    .map((row) => keyOfRow(entity.backfill.keyColumns, row));
  const cloudKeys = cloudHashes
    .filter((row) => !settled(`${row.rk}\u0000${BigInt(row.h)}`))
    .map((row) => entity.cloudKey.map((_, i) => row[`k${i}`]));
  const [uhRows, cloudRows] = await Promise.all([
    fetchUhByKeys(uh, entity, uhKeys),
    fetchCloudByKeys(pg, entity, cloudKeys),
  ]);
  return {
    uh: uhRows,
    cloud: cloudRows,
    rowHashes: uhHashes.length + cloudHashes.length,
    rows: uhRows.length + cloudRows.length,
  };
}

async function fetchUhByKeys(
  uh: UhStore,
  entity: AnyReconcileEntity,
  keys: readonly KeyValue[][],
): Promise<UhEntityRow[]> {
  const perRequest = Math.max(1, Math.floor(MAX_PARAMS_PER_REQUEST / entity.backfill.keyColumns.length) - 1);
  const rows: UhEntityRow[] = [];
  for (let i = 0; i < keys.length; i += perRequest) {
    rows.push(
      ...(await fetchUhRecords(uh, entity, uhKeyListPredicate(entity, keys.slice(i, i + perRequest)))),
    );
  }
  return rows;
}

export async function fetchCloudByKeys(
  pg: PgStore,
  entity: AnyReconcileEntity,
  keys: readonly (readonly unknown[])[],
): Promise<CloudEntityRow[]> {
  if (keys.length === 0) return [];
  const where = cloudKeyListPredicate(entity, keys);
  const { rows } = await pg.query<Record<string, string | null>>(
    cloudRowsSql(entity, where.sql),
    where.values,
  );
  return rows.map((row) => ({
    rk: String(row.rk),
    key: entity.cloudKey.map((_, i) => row[`k${i}`]),
    texts: entity.fields.map((_, i) => row[`f${i}`] ?? null),
  }));
}

/** Cloud rows by canonical key text (after a repair; the key text is the primary key or built from it). */
export async function fetchCloudByRowKeys(
  pg: PgStore,
  entity: AnyReconcileEntity,
  rowKeys: readonly string[],
): Promise<CloudEntityRow[]> {
  if (rowKeys.length === 0) return [];
  const { rows } = await pg.query<Record<string, string | null>>(
    cloudRowsSql(entity, `${entity.cloudRowKey} = ANY($1::text[])`),
    [rowKeys],
  );
  return rows.map((row) => ({
    rk: String(row.rk),
    key: entity.cloudKey.map((_, i) => row[`k${i}`]),
    texts: entity.fields.map((_, i) => row[`f${i}`] ?? null),
  }));
}
