import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SeedManifest } from './SeedManifest';

/** Write a seed's manifest as stable, reviewable JSON (two-space indent, trailing newline). */
export function writeManifest(manifest: SeedManifest, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
