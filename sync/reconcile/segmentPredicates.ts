import type { UhParam } from '../../stores/uh/UhQuery';
import type { KeyColumn, KeyValue } from '../backfill/BackfillEntity';
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
  const seek = commonPrefixSeek(columns, segment.lo, segment.hi);
  return {
    sql: `${seek.sql}${after.sql} AND ${upTo.sql}`,
    params: [...seek.params, ...after.params, ...upTo.params],
  };
}

/**
 * Redundant bounds that let the engine seek: when both bounds share their leading key values (rtrans's
 * batchid holds some 20,000 rows), every row between them has those values too, and the next column lies
 * between the bounds' values. The lexicographic predicates alone bound only the first column, so a small
 * range under a large batch would scan the whole batch. Parameters @s*.
 */
function commonPrefixSeek(
  columns: readonly KeyColumn[],
  lo: readonly KeyValue[] | null,
  hi: readonly KeyValue[] | null,
): { sql: string; params: UhParam[] } {
  if (lo === null || hi === null || columns.length < 2) return { sql: '', params: [] };
  const terms: string[] = [];
  const params: UhParam[] = [];
  const bind = (i: number, value: KeyValue) => {
    const column = columns[i] as KeyColumn;
    params.push({ ...column.type, name: `s${params.length}`, value });
    return `@s${params.length - 1}`;
  };
  for (let i = 0; i < columns.length - 1; i++) {
    const a = lo[i] ?? null;
    const b = hi[i] ?? null;
    const column = columns[i] as KeyColumn;
    if (a === null || b === null) break;
    if (a === b) {
      terms.push(`${column.expr} = ${bind(i, a)}`);
      continue;
    }
    if (i > 0) terms.push(`${column.expr} >= ${bind(i, a)} AND ${column.expr} <= ${bind(i, b)}`);
    break;
  }
  return { sql: terms.length === 0 ? '' : `${terms.join(' AND ')} AND `, params };
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
