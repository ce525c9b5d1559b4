import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { SeedScale } from '../../uh-simulator/seed/SeedScale';
import { ASSET_REGISTER_COLUMNS } from './assetRegisterFormat';
import { generateAssetRegister } from './generateAssetRegister';
import { loadAssetRegister, type AssetRegisterLoadSummary } from './loadAssetRegister';

/**
 * For the stack's first start: the synthetic asset register matching the UH seed at `scale`, loaded exactly
 * as `housing asset-register load` loads a file (its invalid rows land in sync.reject too), so the
 * Property Index has all four sources from the start.
 */
export async function loadSyntheticAssetRegister(
  cloudUrl: string,
  scale: SeedScale,
): Promise<AssetRegisterLoadSummary> {
  const csv = stringify([...generateAssetRegister(scale).rows], {
    header: true,
    columns: [...ASSET_REGISTER_COLUMNS],
  });
  return loadAssetRegister(cloudUrl, {
    name: `synthetic ${scale} asset register`,
    open: () => Readable.from([csv]),
  });
}
