import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Composition } from './composeSubgraphs';

export const SUPERGRAPH_FILE = 'supergraph.graphql';
export const API_FILE = 'api.graphql';

/** Writes supergraph.graphql and api.graphql into the schema folder (only for a successful composition). */
export function writeComposition(
  schemaDir: string,
  composition: Extract<Composition, { kind: 'composed' }>,
): string[] {
  const written = [join(schemaDir, SUPERGRAPH_FILE), join(schemaDir, API_FILE)];
  writeFileSync(written[0] as string, composition.supergraphSdl);
  writeFileSync(written[1] as string, composition.apiSdl);
  return written;
}
