import { Readable } from 'node:stream';
import type { SeedScale } from '../../uh-simulator/seed/SeedScale';
import { generateLlpgExtract } from './generateLlpgExtract';
import type { LlpgLoadSummary } from './LlpgLoadSummary';
import { loadLlpgExtract } from './loadLlpgExtract';
import { llpgExtractCsv } from './writeLlpgExtract';

/**
 * For the stack's first start: generate the synthetic extract matching the UH seed at `scale` and load
 * it exactly as `housing llpg load` loads files (the same CSV text through the same parser, so its
 * invalid rows land in sync.reject too). Run it after the backfill: parent claims need housing.property.
 */
export async function loadSyntheticLlpg(cloudUrl: string, scale: SeedScale): Promise<LlpgLoadSummary> {
  const csv = llpgExtractCsv(generateLlpgExtract(scale));
  return loadLlpgExtract({
    cloudUrl,
    addresses: { name: `synthetic ${scale} addresses`, open: () => Readable.from([csv.addresses]) },
    crossReferences: {
      name: `synthetic ${scale} cross-references`,
      open: () => Readable.from([csv.crossReferences]),
    },
  });
}
