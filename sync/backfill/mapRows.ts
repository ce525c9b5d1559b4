import type { KeyColumn, MappedChunk, Rejection } from './BackfillEntity';
import { keyOfRow } from './keysetPredicate';

/** The reject key of a UH row: its unique-index values (as UH holds them, padding dropped) joined by '|'. */
export function sourceKey(columns: readonly KeyColumn[], row: object): string {
  return keyOfRow(columns, row as Record<string, unknown>)
    .map((value) => (value === null ? 'NULL' : String(value)))
    .join('|');
}

/**
 * Map each row with `map`, which returns the record or a reason (a string) the row cannot be represented.
 * A mapper that throws (e.g. a money value with more decimals than its column) rejects that row only.
 */
export function mapRows<Row extends object, T>(
  columns: readonly KeyColumn[],
  rows: readonly Row[],
  map: (row: Row) => T | string,
  /** The record's key in PostgreSQL: a second row with the same key in one chunk is rejected. */
  uniqueKey?: (record: T) => string,
): MappedChunk<T> {
  const records: T[] = [];
  const rejections: Rejection[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    let result: T | string;
    let detail: string | undefined;
    try {
      result = map(row);
    } catch (error) {
      result = 'a value cannot be normalised';
      detail = error instanceof Error ? error.message : String(error);
    }
    if (typeof result !== 'string' && uniqueKey !== undefined) {
      const key = uniqueKey(result);
      if (seen.has(key)) {
        result = 'another UH row in the same chunk has the same cloud key';
        detail = key;
      } else seen.add(key);
    }
    if (typeof result === 'string')
      rejections.push({ key: sourceKey(columns, row), reason: result, row, detail });
    else records.push(result);
  }
  return { records, rejections };
}

/** A rowversion as PostgreSQL bytea (8 bytes), or null. */
export function tstampOf(value: unknown): Buffer | null {
  return Buffer.isBuffer(value) ? value : null;
}
