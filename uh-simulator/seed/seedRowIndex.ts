import type { SqlValue } from '../engine/types';
import type { UhSeed } from './generateUhSeed';
import type { FaultRecord } from './SeedManifest';
import { storedValue, type UhTableName } from './uhSeedTables';

/** A generated row as column -> value (unpadded, as the seed emits it). */
export type SeedRecord = Readonly<Record<string, SqlValue>>;

/**
 * The seed's rows in memory, by table, for tests that check the data against its manifest before
 * (or without) loading it anywhere. Tiny and small fit comfortably; large does not belong here.
 */
export function seedRowsByTable(seed: UhSeed): Map<UhTableName, SeedRecord[]> {
  const byTable = new Map<UhTableName, SeedRecord[]>();
  for (const table of seed.tables) {
    const rows: SeedRecord[] = [];
    for (const values of table.rows())
      rows.push(Object.fromEntries(table.columns.map((c, i) => [c, values[i] ?? null])));
    byTable.set(table.name, rows);
  }
  return byTable;
}

/** SQL Server's `=` on char columns ignores trailing spaces; fault keys are trimmed. */
const keyPart = (value: SqlValue | undefined): string =>
  typeof value === 'string' ? value.trimEnd() : String(Number(value));

/** Hash indexes over the rows, built on first use per (table, key columns), so looking up thousands of records stays fast. */
const indexes = new WeakMap<Map<UhTableName, SeedRecord[]>, Map<string, Map<string, SeedRecord[]>>>();

function lookup(
  rows: Map<UhTableName, SeedRecord[]>,
  table: UhTableName,
  key: FaultRecord['key'],
): SeedRecord[] {
  const columns = Object.keys(key);
  let perRows = indexes.get(rows);
  if (perRows === undefined) indexes.set(rows, (perRows = new Map()));
  const indexName = `${table}(${columns.join(',')})`;
  let index = perRows.get(indexName);
  if (index === undefined) {
    index = new Map();
    for (const row of rows.get(table) ?? []) {
      const k = columns.map((c) => keyPart(row[c])).join('\u0001');
      const list = index.get(k);
      if (list === undefined) index.set(k, [row]);
      else list.push(row);
    }
    perRows.set(indexName, index);
  }
  return (
    index.get(
      columns
        .map((c) => (typeof key[c] === 'number' ? String(key[c]) : String(key[c]).trimEnd()))
        .join('\u0001'),
    ) ?? []
  );
}

/** The rows a fault record points at, and whether its column holds the recorded value (as stored). */
export function findFaultRows(
  rows: Map<UhTableName, SeedRecord[]>,
  record: FaultRecord,
): { rows: SeedRecord[]; valueMatches: boolean } {
  const found = lookup(rows, record.table, record.key);
  const column = record.column;
  const valueMatches =
    column === undefined || record.value === undefined
      ? true
      : found.length > 0 &&
        found.every((row) => storedValue(record.table, column, row[column] ?? null) === record.value);
  return { rows: found, valueMatches };
}
