import type { SeedScale } from '../../uh-simulator/seed/SeedScale';
import type { PropertyIndexCategory } from './PropertyIndexCategory';

/**
 * Where the synthetic asset register (generateAssetRegister) disagrees with UH and the LLPG, by Property
 * Index category: tests look the instances up here. `source` says who planted it: the register itself, the
 * UH seed (its manifest's fault) or the synthetic LLPG extract (its manifest's quirk).
 */
export interface AssetRegisterManifest {
  readonly scale: SeedScale;
  readonly referenceDate: string;
  readonly counts: { readonly rows: number; readonly assets: number };
  readonly disagreements: Readonly<Record<PropertyIndexCategory, readonly PlantedDisagreement[]>>;
  /** Rows the loader must reject, with the reason it must give. */
  readonly invalidRows: readonly { readonly key: string; readonly reason: string }[];
}

export interface PlantedDisagreement {
  readonly propRef: string;
  readonly source: 'register' | 'uh-seed' | 'llpg';
  readonly note: string;
}
