import { createHash } from 'node:crypto';
import type { PgStore, QueryResultRow } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import type { AnyReconcileEntity } from './ReconcileEntity';
import type { Segment, SegmentHash } from './Segment';
import { cloudSegmentPredicate, uhSegmentPredicate } from './segmentPredicates';
import { cloudSegmentHashSql, uhSegmentHashSql } from './segmentHashSql';

/** A range's checksum computed by SQL Server: one row comes back, whatever the range's size. */
export async function uhSegmentHash(
  uh: UhStore,
  entity: AnyReconcileEntity,
  segment: Segment,
): Promise<SegmentHash> {
  const where = uhSegmentPredicate(entity, segment);
  const [row] = await uh.query<{ n: string | number; h: string | number | null }>({
    name: `reconcile.${entity.name}.hash`,
    text: uhSegmentHashSql(entity, where.sql),
    params: where.params,
  });
  return { rows: Number(row?.n ?? 0), sum: BigInt(row?.h ?? 0) };
}

/** The same range's checksum computed by PostgreSQL. */
export async function cloudSegmentHash(
  pg: PgStore,
  entity: AnyReconcileEntity,
  segment: Segment,
): Promise<SegmentHash> {
  const where = cloudSegmentPredicate(entity, segment);
  const rows = await preparedQuery<{ n: string; h: string }>(
    pg,
    cloudSegmentHashSql(entity, where.sql),
    where.values,
  );
  const row = rows[0];
  return { rows: Number(row?.n ?? 0), sum: BigInt(row?.h ?? 0) };
}

/**
 * A named (prepared) statement: the same range query runs hundreds of times per table, and planning the
 * hash query anew each time costs about as much as running it on a small range.
 */
export async function preparedQuery<R extends QueryResultRow>(
  pg: PgStore,
  text: string,
  values: readonly unknown[],
): Promise<R[]> {
  const name = `reconcile_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return pg.withClient(async (client) => (await client.query<R>({ name, text, values: [...values] })).rows);
}
