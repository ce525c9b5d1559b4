import { isEntity, type Entity } from '../phases';
import { invalidInput } from '../migrationErrors';

/** One shadow read whose cloud answer differed from UH's at `path`. */
export interface ShadowMismatch {
  readonly entity: Entity;
  readonly operationName: string | null;
  readonly path: string;
  readonly legacyValue: unknown;
  readonly cloudValue: unknown;
}

/**
 * Rows per call: one INSERT with array parameters, so a bounded statement. The gateway records from a
 * bounded queue; a caller with more rows calls again rather than growing one statement without end.
 */
export const MAX_SHADOW_MISMATCHES_PER_CALL = 500;

/**
 * A value bigger than this (as JSON) is kept as a summary: a mismatching list of hundreds of records must
 * not turn one diagnostic row into megabytes. The summary says it is one, and how big the value was.
 */
export const MAX_SHADOW_VALUE_CHARS = 16_384;
const PREVIEW_CHARS = 1_000;

export interface ShadowMismatchColumns {
  readonly entities: string[];
  readonly operationNames: (string | null)[];
  readonly paths: string[];
  readonly legacyValues: (string | null)[];
  readonly cloudValues: (string | null)[];
}

/** Validates the rows and turns them into the INSERT's column arrays (values as JSON text). */
export function toShadowMismatchColumns(rows: readonly ShadowMismatch[]): ShadowMismatchColumns {
  if (rows.length > MAX_SHADOW_MISMATCHES_PER_CALL) {
    throw invalidInput(
      `at most ${MAX_SHADOW_MISMATCHES_PER_CALL} shadow mismatches per call, got ${rows.length}; record them in several calls`,
    );
  }
  const columns: ShadowMismatchColumns = {
    entities: [],
    operationNames: [],
    paths: [],
    legacyValues: [],
    cloudValues: [],
  };
  rows.forEach((row, index) => {
    if (!isEntity(String(row.entity))) {
      throw invalidInput(`shadow mismatch ${index}: unknown entity ${JSON.stringify(row.entity)}`);
    }
    if (typeof row.path !== 'string' || row.path === '') {
      throw invalidInput(
        `shadow mismatch ${index}: expected a non-empty path such as "property.address.postcode"`,
      );
    }
    columns.entities.push(row.entity);
    columns.operationNames.push(row.operationName ?? null);
    columns.paths.push(row.path);
    columns.legacyValues.push(toJson(row.legacyValue));
    columns.cloudValues.push(toJson(row.cloudValue));
  });
  return columns;
}

/** undefined (the field was absent) is SQL NULL; null is JSON null, so the two stay distinguishable. */
function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  if (json === undefined) return null; // a function or symbol: nothing JSON can say
  if (json.length <= MAX_SHADOW_VALUE_CHARS) return json;
  return JSON.stringify({ truncated: true, jsonChars: json.length, preview: json.slice(0, PREVIEW_CHARS) });
}
