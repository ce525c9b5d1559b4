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
