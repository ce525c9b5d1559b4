import type { UhParam } from '../../stores/uh/UhQuery';
import type { KeyColumn, KeyValue } from './BackfillEntity';

/**
 * "Rows after this key" for keyset pagination over a (possibly composite) unique index, as SQL Server
 * orders it (NULL first). For (a, b) after (x, y): `a >= @k0 AND (a > @k0 OR (a = @k0 AND b > @k1))`; the
 * leading `a >= @k0` gives the engine an index seek, the rest skips the rows already done with that `a`.
 * A NULL in the last key means "IS NULL" for equality and "IS NOT NULL" for "greater".
 */
export function keysetPredicate(
  columns: readonly KeyColumn[],
  last: readonly KeyValue[] | null,
): { sql: string; params: UhParam[] } {
  if (last === null) return { sql: '1 = 1', params: [] };
  const { names, params } = bindKey(columns, last, 'k');
  const eq = (i: number) => {
    const column = columns[i] as KeyColumn;
    const name = names[i];
    return name === null || name === undefined ? `${column.expr} IS NULL` : `${column.expr} = ${name}`;
  };
  const gt = (i: number) => {
    const column = columns[i] as KeyColumn;
    const name = names[i];
    return name === null || name === undefined ? `${column.expr} IS NOT NULL` : `${column.expr} > ${name}`;
  };
  const after = lexicographic(columns.length, eq, gt);
  const first = columns[0] as KeyColumn;
  const seek = names[0] !== null && columns.length > 1 ? `${first.expr} >= ${names[0]} AND ` : '';
  return { sql: `${seek}${after}`, params };
}

/**
 * "Rows up to and including this key" (the end of a chunk whose last key is known in advance): for
 * (a, b) up to (x, y): `a <= @u0 AND (a < @u0 OR (a = @u0 AND (b < @u1 OR b IS NULL OR b = @u1)))`.
 * NULL sorts first, so "before x" includes NULL; "before NULL" is nothing. The leading column admits
 * NULL only when `fromStart` (no lower bound excludes it): elsewhere `a <= @u0` stays a plain range the
 * index scan stops at.
 */
export function atOrBeforePredicate(
  columns: readonly KeyColumn[],
  last: readonly KeyValue[],
  fromStart: boolean,
): { sql: string; params: UhParam[] } {
  const { names, params } = bindKey(columns, last, 'u');
  const expr = (i: number) => (columns[i] as KeyColumn).expr;
  const orNull = (i: number, sql: string) => (i > 0 || fromStart ? `(${sql} OR ${expr(i)} IS NULL)` : sql);
  const eq = (i: number) => (names[i] == null ? `${expr(i)} IS NULL` : `${expr(i)} = ${names[i]}`);
  const lt = (i: number) => (names[i] == null ? '1 = 0' : orNull(i, `${expr(i)} < ${names[i]}`));
  const le = (i: number) =>
    names[i] == null ? `${expr(i)} IS NULL` : orNull(i, `${expr(i)} <= ${names[i]}`);
  const upTo = lexicographic(columns.length, eq, (i) => (i === columns.length - 1 ? le(i) : lt(i)));
  const bound = names[0] != null && columns.length > 1 ? `${le(0)} AND ` : '';
  return { sql: `${bound}${upTo}`, params };
}

/** The key's values as parameters `@<prefix>0..`; null for a NULL value (compared with IS NULL instead). */
function bindKey(
  columns: readonly KeyColumn[],
  last: readonly KeyValue[],
  prefix: string,
): { names: (string | null)[]; params: UhParam[] } {
  if (last.length !== columns.length) {
    throw new RangeError(`keyset: expected a key of ${columns.length} values, got ${JSON.stringify(last)}`);
  }
  const params: UhParam[] = [];
  const names = columns.map((column, i) => {
    const value = last[i] ?? null;
    if (value === null) return null;
    params.push({ ...column.type, name: `${prefix}${i}`, value });
    return `@${prefix}${i}`;
  });
  return { names, params };
}

/** Lexicographic order over n columns: `last(0) OR (eq(0) AND last(1)) OR ...`, parenthesised. */
function lexicographic(n: number, eq: (i: number) => string, last: (i: number) => string): string {
  const terms = Array.from({ length: n }, (_, i) => {
    const parts = [...Array.from({ length: i }, (_, j) => eq(j)), last(i)];
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
  });
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`;
}

/** The key of a UH result row, for the checkpoint. */
export function keyOfRow(columns: readonly KeyColumn[], row: Record<string, unknown>): KeyValue[] {
  return columns.map((column) => {
    const value = row[column.alias];
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return value;
    if (typeof value === 'string') return value.trimEnd();
    throw new TypeError(`keyset: ${column.alias} came back as ${typeof value}, expected a string or number`);
  });
}
