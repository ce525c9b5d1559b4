import { InvalidReferenceError } from './references';

/**
 * Opaque page cursors: the sort key of the last row, base64url-encoded JSON. Built from domain values
 * only (never store-specific ids), so the legacy and cloud stores hand out the same cursors.
 */
export type CursorKey = readonly (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const CURSOR_EXPECTED = 'a cursor returned by this field (pageInfo.endCursor or an edge cursor)';

/** The largest row offset an offset cursor may hold: SQL Server's OFFSET takes an int. */
export const MAX_CURSOR_OFFSET = 2_147_483_647;

export function decodeCursor(cursor: string, length: number, argument = 'after'): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== length ||
    !key.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
  ) {
    throw new InvalidReferenceError(argument, CURSOR_EXPECTED, cursor);
  }
  return key as CursorKey;
}

/**
 * An offset cursor (a search re-run page by page): one whole number of rows already served, from 0 to
 * MAX_CURSOR_OFFSET. Anything else was not handed out by this field, and is refused the same way whichever
 * store would have served it (a negative, fractional or oversize offset must not reach the store's SQL).
 */
export function decodeOffsetCursor(cursor: string, argument = 'after'): number {
  const [offset] = decodeCursor(cursor, 1, argument);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_CURSOR_OFFSET)
    throw new InvalidReferenceError(argument, CURSOR_EXPECTED, cursor);
  return offset;
}

/**
 * What each part of a keyset cursor holds: a record reference (a property's or a repair's: digits), a
 * calendar date, an ISO 8601 instant in UTC as both stores print them, or a SQL int (null for UH's blank).
 */
export type CursorPart = 'reference' | 'date' | 'instant' | 'int';

/** The keyset cursors the graph hands out, part by part. */
export const CURSOR_SHAPES = {
  property: ['reference'],
  repair: ['instant', 'reference'],
  transaction: ['date', 'int', 'int', 'int', 'int'],
} as const satisfies Record<string, readonly CursorPart[]>;

const INT32 = 2_147_483_647;

function fits(part: CursorPart, value: string | number | null): boolean {
  switch (part) {
    case 'reference':
      return typeof value === 'string' && /^\d{1,10}$/.test(value);
    case 'date':
      return (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
      );
    case 'instant':
      return (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
        !Number.isNaN(Date.parse(value)) &&
        new Date(value).toISOString() === value
      );
    case 'int':
      return value === null || (Number.isInteger(value) && Math.abs(value as number) <= INT32);
  }
}

/**
 * A keyset cursor checked part by part before any store compares with it: a part of the wrong type would
 * otherwise reach SQL and fail there (a 500, or UH "unavailable"), differently in each store.
 */
export function decodeKeysetCursor(
  cursor: string,
  shape: readonly CursorPart[],
  argument = 'after',
): CursorKey {
  const key = decodeCursor(cursor, shape.length, argument);
  if (!shape.every((part, index) => fits(part, key[index] ?? null)))
    throw new InvalidReferenceError(argument, CURSOR_EXPECTED, cursor);
  return key;
}
