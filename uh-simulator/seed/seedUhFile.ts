import { openEngine } from '../engine/openEngine';
import { seedUh } from './seedUh';
import type { SeedManifest } from './SeedManifest';

/** `housing uh-seed --db <file>`: load straight into a simulator database file (bulk path, no wire). */
export function seedUhFile(file: string, scale: 'tiny' | 'small' | 'large'): SeedManifest {
  const engine = openEngine({ file });
  try {
    return seedUh(engine, scale);
  } finally {
    engine.close();
  }
}
