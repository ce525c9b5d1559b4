import type { UhParam } from '../../stores/uh/UhQuery';
import { atOrBeforePredicate, keysetPredicate } from '../backfill/keysetPredicate';
import type { AnyReconcileEntity, CloudKeyColumn } from './ReconcileEntity';
import type { Segment } from './Segment';

/**
 * The range on UH: the backfill's keyset predicates over the unique index (an index seek, NULLs ordered
 * as SQL Server orders them), parameters @k* (after lo) and @u* (up to hi).
 */
export function uhSegmentPredicate(
  entity: AnyReconcileEntity,
  segment: Segment,
): { sql: string; params: UhParam[] } {
  const columns = entity.backfill.keyColumns;
  const after = keysetPredicate(columns, segment.lo === null ? null : [...segment.lo]);
  if (segment.hi === null) return after;
  const fromStart = segment.lo === null || segment.lo[0] === null;
  const upTo = atOrBeforePredicate(columns, [...segment.hi], fromStart);
  return { sql: `${after.sql} AND ${upTo.sql}`, params: [...after.params, ...upTo.params] };
}

/**
 * A cloud key column as ranges compare it: text byte by byte (COLLATE "C"), as UH's digit-string keys
 * order in SQL Server and in JavaScript; a database collation such as en_US ignores the '/' of a tag_ref
 * and could order two bounds the other way round (a row counted in two ranges).
 */
export function cloudKeyExpr(column: CloudKeyColumn): string {
  return column.type === 'text' ? `${column.expr} COLLATE "C"` : column.expr;
}

/**
 * The range on the cloud: row comparisons over the primary key's columns in the cloud's key form,
 * parameters from `$<first>` on.
 */
export function cloudSegmentPredicate(
  entity: AnyReconcileEntity,
  segment: Segment,
  first = 1,
): { sql: string; values: unknown[] } {
  const columns = entity.cloudKey;
  const tuple = `(${columns.map(cloudKeyExpr).join(', ')})`;
  const terms: string[] = [];
  const values: unknown[] = [];
  const bound = (op: string, key: readonly unknown[]) => {
    const params = columns.map((c, i) => `$${first + values.length + i}::${c.type}`);
    terms.push(`${tuple} ${op} (${params.join(', ')})`);
    values.push(...key);
  };
  if (segment.lo !== null) bound('>', entity.toCloudKey(segment.lo));
  if (segment.hi !== null) bound('<=', entity.toCloudKey(segment.hi));
  return { sql: terms.length === 0 ? 'true' : terms.join(' AND '), values };
}
