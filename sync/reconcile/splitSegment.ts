import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import { INT } from '../../stores/uh/uhTypes';
import type { KeyValue } from '../backfill/BackfillEntity';
import { keyOfRow } from '../backfill/keysetPredicate';
import type { AnyReconcileEntity } from './ReconcileEntity';
import type { Segment } from './Segment';
import { cloudKeyExpr, cloudSegmentPredicate, uhSegmentPredicate } from './segmentPredicates';

/**
 * Cut a range into about `parts` ranges of equal size: every step-th key of the side holding more rows of
 * it (the cloud's when it has enough, as its keys are all in canonical form), read by the database in key
 * order (only the keys come back). Only regular keys become bounds, in increasing order, so both stores
 * cut their rows at the same places; fewer bounds than asked (even none) just make larger ranges.
 */
export async function splitSegment(
  uh: UhStore,
  pg: PgStore,
  entity: AnyReconcileEntity,
  segment: Segment,
  counts: { readonly uh: number; readonly cloud: number },
  parts: number,
): Promise<Segment[]> {
  const fromCloud = counts.cloud >= parts;
  const size = fromCloud ? counts.cloud : counts.uh;
  const step = Math.max(1, Math.ceil(size / parts));
  const keys = fromCloud
    ? await cloudBoundaries(pg, entity, segment, step)
    : await uhBoundaries(uh, entity, segment, step);
  const bounds: (readonly KeyValue[])[] = [];
  for (const key of keys) {
    if (!entity.isRegularKey(key)) continue;
    const previous = bounds[bounds.length - 1] ?? segment.lo;
    if (previous !== null && compareKeys(key, previous) <= 0) continue;
    if (segment.hi !== null && compareKeys(key, segment.hi) >= 0) continue;
    bounds.push(key);
  }
  const segments: Segment[] = [];
  let lo = segment.lo;
  for (const bound of bounds) {
    segments.push({ lo, hi: bound });
    lo = bound;
  }
  segments.push({ lo, hi: segment.hi });
  return segments;
}

/**
 * Regular keys compared as both stores order them: numbers numerically, strings (same-shaped digit
 * strings, '/' in one place) character by character.
 */
export function compareKeys(a: readonly KeyValue[], b: readonly KeyValue[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

async function cloudBoundaries(
  pg: PgStore,
  entity: AnyReconcileEntity,
  segment: Segment,
  step: number,
): Promise<KeyValue[][]> {
  const where = cloudSegmentPredicate(entity, segment);
  const keys = entity.cloudKey.map((c, i) => `${c.expr} AS k${i}`).join(', ');
  const order = entity.cloudKey.map(cloudKeyExpr).join(', ');
  const { rows } = await pg.query<Record<string, unknown>>(
    `SELECT ${entity.cloudKey.map((_, i) => `k${i}`).join(', ')} FROM (
  SELECT ${keys}, row_number() OVER (ORDER BY ${order}) AS rn FROM ${entity.cloudFrom} WHERE ${where.sql}) x
WHERE rn % $${where.values.length + 1} = 0 ORDER BY rn`,
    [...where.values, step],
  );
  return rows.map((row) => entity.fromCloudKey(entity.cloudKey.map((_, i) => row[`k${i}`])));
}

async function uhBoundaries(
  uh: UhStore,
  entity: AnyReconcileEntity,
  segment: Segment,
  step: number,
): Promise<KeyValue[][]> {
  const columns = entity.backfill.keyColumns;
  const alias = columns[0]?.expr.split('.')[0] ?? '';
  const where = uhSegmentPredicate(entity, segment);
  const rows = await uh.query<UhRow>({
    name: `reconcile.${entity.name}.split`,
    text: `SELECT x.* FROM (SELECT ${columns.map((c) => `${c.expr} AS ${c.alias}`).join(', ')},
  ROW_NUMBER() OVER (ORDER BY ${columns.map((c) => c.expr).join(', ')}) AS rn
  FROM dbo.${entity.backfill.table} ${alias} WITH (NOLOCK) WHERE ${where.sql}) x
WHERE x.rn % @step = 0 ORDER BY x.rn`,
    params: [...where.params, { ...INT, name: 'step', value: step }],
  });
  return rows.map((row) => keyOfRow(columns, row));
}
