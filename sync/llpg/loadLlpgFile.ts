import type { Readable } from 'node:stream';
import type { PgClient } from '../../stores/cloud/PgStore';
import {
  ADDRESS_COLUMNS,
  CROSS_REFERENCE_COLUMNS,
  type LlpgAddress,
  type LlpgCrossReference,
} from './llpgExtractFormat';
import type { LlpgFileSummary, LlpgSource } from './LlpgLoadSummary';
import { normaliseAddressRow, type Normalised } from './normaliseAddressRow';
import { normaliseCrossReferenceRow } from './normaliseCrossReferenceRow';
import { readLlpgCsv } from './readLlpgCsv';
import { upsertLlpgAddresses, upsertLlpgCrossReferences, type UpsertCounts } from './upsertLlpgRows';
import { clearLlpgRejections, writeLlpgRejections, type LlpgRejection } from './writeLlpgRejections';

/** How one file of the extract is read, checked, keyed and stored. */
interface LlpgFileSpec<C extends string, T> {
  readonly source: LlpgSource;
  readonly columns: readonly C[];
  readonly keyColumn: C;
  /** The table and its key column, for --replace. */
  readonly table: 'llpg.address' | 'llpg.cross_reference';
  normalise(row: Readonly<Record<C, string>>): Normalised<T>;
  key(value: T): string;
  upsert(client: PgClient, rows: readonly T[]): Promise<UpsertCounts>;
}

const addressSpec: LlpgFileSpec<(typeof ADDRESS_COLUMNS)[number], LlpgAddress> = {
  source: 'address',
  columns: ADDRESS_COLUMNS,
  keyColumn: 'lpi_key',
  table: 'llpg.address',
  normalise: normaliseAddressRow,
  key: (a) => a.lpiKey,
  upsert: upsertLlpgAddresses,
};

const crossReferenceSpec: LlpgFileSpec<(typeof CROSS_REFERENCE_COLUMNS)[number], LlpgCrossReference> = {
  source: 'crossReference',
  columns: CROSS_REFERENCE_COLUMNS,
  keyColumn: 'xref_key',
  table: 'llpg.cross_reference',
  normalise: normaliseCrossReferenceRow,
  key: (x) => x.xrefKey,
  upsert: upsertLlpgCrossReferences,
};

/** Rows per INSERT: 16 array parameters of this many elements each. */
const BATCH = 2_000;

/**
 * `replace`: the file is the whole gazetteer, so rows whose key it does not hold are deleted (in the same
 * transaction). A key the file holds on a rejected row keeps its stored row: bad data never deletes.
 */
export function loadLlpgFile(
  client: PgClient,
  source: LlpgSource,
  input: Readable,
  name: string,
  replace: boolean,
): Promise<LlpgFileSummary> {
  switch (source) {
    case 'address':
      return loadWith(client, addressSpec, input, name, replace);
    case 'crossReference':
      return loadWith(client, crossReferenceSpec, input, name, replace);
  }
}

/**
 * Read one file into its table inside the caller's transaction: valid rows upserted in batches, every
 * other row (bad values, wrong field count, a key seen earlier in the file) written to sync.reject with
 * its reasons. The previous load's rejects of this source are cleared first.
 */
async function loadWith<C extends string, T>(
  client: PgClient,
  spec: LlpgFileSpec<C, T>,
  input: Readable,
  name: string,
  replace: boolean,
): Promise<LlpgFileSummary> {
  await clearLlpgRejections(client, spec.source);
  const seen = new Map<string, number>();
  const reasons = new Map<string, number>();
  const rejectedKeys = new Set<string>();
  /** Every key the file names, on loaded and rejected rows alike (for replace). */
  const held = new Set<string>();
  let pending: T[] = [];
  let rejections: LlpgRejection[] = [];
  let rows = 0;
  let inserted = 0;
  let updated = 0;
  let loaded = 0;
  let rejected = 0;
  const flush = async () => {
    const counts = await spec.upsert(client, pending);
    inserted += counts.inserted;
    updated += counts.updated;
    loaded += pending.length;
    await writeLlpgRejections(client, spec.source, rejections);
    pending = [];
    rejections = [];
  };
  const reject = (
    line: number,
    raw: Readonly<Record<string, string>>,
    key: string,
    reason: string,
    details: string[],
  ) => {
    // sync.reject keeps one row per (key, reason): a second row rejected for the same reason under the
    // same key is told apart by its line, so it is kept too.
    const unique = rejectedKeys.has(`${key}\u0000${reason}`) ? `${key} (line ${line})` : key;
    rejectedKeys.add(`${unique}\u0000${reason}`);
    rejections.push({ key: unique, reason, line, raw, details });
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    rejected++;
  };
  for await (const { line, raw, row, fieldCount, headerLength } of readLlpgCsv(input, name, spec.columns)) {
    rows++;
    const rawKey = (raw[spec.keyColumn] ?? '').trim();
    if (rawKey !== '') held.add(rawKey);
    const key = rawKey === '' ? `line ${line}` : rawKey;
    if (row === null) {
      reject(line, raw, key, 'wrong number of fields', [
        `expected ${headerLength} fields as in the header, got ${fieldCount}`,
      ]);
    } else {
      const result = spec.normalise(row);
      if (!result.ok) {
        const [first] = result.problems;
        reject(
          line,
          raw,
          key,
          first?.reason ?? 'invalid row',
          result.problems.map((p) => p.detail),
        );
      } else {
        const earlier = seen.get(spec.key(result.value));
        if (earlier !== undefined) {
          // The first row with a key is the one kept; a later one is not silently merged into it.
          reject(line, raw, `${key} (line ${line})`, `duplicate ${spec.keyColumn}`, [
            `${spec.keyColumn} ${key} is already on line ${earlier}`,
          ]);
        } else {
          seen.set(spec.key(result.value), line);
          pending.push(result.value);
        }
      }
    }
    if (pending.length + rejections.length >= BATCH) await flush();
  }
  await flush();
  let deleted = 0;
  if (replace) {
    // The key column and table come from the spec (constants), never from the file.
    const result = await client.query(
      `DELETE FROM ${spec.table} WHERE NOT (${spec.keyColumn} = ANY($1::text[]))`,
      [[...held]],
    );
    deleted = result.rowCount ?? 0;
  }
  return {
    source: spec.source,
    file: name,
    rows,
    loaded,
    inserted,
    updated,
    unchanged: loaded - inserted - updated,
    deleted,
    rejected,
    rejects: [...reasons]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([reason, count]) => ({ reason, count })),
  };
}
