import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ADDRESS_COLUMNS, CROSS_REFERENCE_COLUMNS } from './llpgExtractFormat';
import type { LlpgExtract } from './generateLlpgExtract';

export const ADDRESSES_FILE = 'addresses.csv';
export const CROSS_REFERENCES_FILE = 'cross-references.csv';
export const LLPG_MANIFEST_FILE = 'manifest.json';

/** The extract's rows as CSV text (header first), as a council's extract file holds them. */
export function llpgExtractCsv(extract: LlpgExtract): { addresses: string; crossReferences: string } {
  return {
    addresses: stringify([...extract.addresses], {
      header: true,
      columns: [...ADDRESS_COLUMNS],
    }),
    crossReferences: stringify([...extract.crossReferences], {
      header: true,
      columns: [...CROSS_REFERENCE_COLUMNS],
    }),
  };
}

/** Write addresses.csv, cross-references.csv and manifest.json into `dir` (created if needed). */
export function writeLlpgExtract(
  extract: LlpgExtract,
  dir: string,
): { addresses: string; crossReferences: string; manifest: string } {
  mkdirSync(dir, { recursive: true });
  const csv = llpgExtractCsv(extract);
  const files = {
    addresses: path.join(dir, ADDRESSES_FILE),
    crossReferences: path.join(dir, CROSS_REFERENCES_FILE),
    manifest: path.join(dir, LLPG_MANIFEST_FILE),
  };
  writeFileSync(files.addresses, csv.addresses);
  writeFileSync(files.crossReferences, csv.crossReferences);
  writeFileSync(files.manifest, `${JSON.stringify(extract.manifest, null, 2)}\n`);
  return files;
}
