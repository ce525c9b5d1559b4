import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ASSET_REGISTER_COLUMNS } from './assetRegisterFormat';
import type { AssetRegisterExtract } from './generateAssetRegister';

export const ASSET_REGISTER_FILE = 'asset-register.csv';
export const ASSET_REGISTER_MANIFEST_FILE = 'manifest.json';

/** Write asset-register.csv (header first) and manifest.json into `dir` (created if needed). */
export function writeAssetRegister(
  extract: AssetRegisterExtract,
  dir: string,
): { csv: string; manifest: string } {
  mkdirSync(dir, { recursive: true });
  const files = {
    csv: path.join(dir, ASSET_REGISTER_FILE),
    manifest: path.join(dir, ASSET_REGISTER_MANIFEST_FILE),
  };
  writeFileSync(
    files.csv,
    stringify([...extract.rows], { header: true, columns: [...ASSET_REGISTER_COLUMNS] }),
  );
  writeFileSync(files.manifest, `${JSON.stringify(extract.manifest, null, 2)}\n`);
  return files;
}
