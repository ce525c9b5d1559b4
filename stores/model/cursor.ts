import { InvalidReferenceError } from './references';

/**
 * Opaque page cursors: the sort key of the last row, base64url-encoded JSON. Built from domain values
 * only (never store-specific ids), so the legacy and cloud stores hand out the same cursors.
 */
export type CursorKey = readonly (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

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
    throw new InvalidReferenceError(
      argument,
      'a cursor returned by this field (pageInfo.endCursor or an edge cursor)',
      cursor,
    );
  }
  return key as CursorKey;
}
