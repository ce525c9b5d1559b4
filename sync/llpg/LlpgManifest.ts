import type { SeedScale } from '../../uh-simulator/seed/SeedScale';

/**
 * What a synthetic LLPG extract holds and where its planted quirks are, like the UH seed's manifest:
 * tests look the instances up here instead of hard-coding keys.
 */
export interface LlpgManifest {
  readonly scale: SeedScale;
  /** The seed's "today" ('YYYY-MM-DD'), shared with the UH seed. */
  readonly referenceDate: string;
  readonly counts: { readonly addresses: number; readonly crossReferences: number };
  readonly quirks: Readonly<Record<LlpgQuirk, LlpgQuirkEntry>>;
}

export type LlpgQuirk =
  | 'historical-and-approved'
  | 'alternative-lpi'
  | 'truncated-postcode'
  | 'parent-shell'
  | 'llpg-without-uh'
  | 'uh-uprn-without-llpg'
  | 'uh-parent-xref'
  | 'ended-xref'
  | 'xref-parent-not-in-uh'
  | 'invalid-rows';

export interface LlpgQuirkEntry {
  /** The row of the domain README's "Data-quality issues" table it reproduces (0: the loader's own reject path). */
  readonly issue: number;
  readonly description: string;
  readonly records: readonly LlpgQuirkRecord[];
}

export interface LlpgQuirkRecord {
  readonly file: 'addresses' | 'crossReferences';
  /** lpi_key / xref_key as sync.reject keys it ('line N' for a row without one). */
  readonly key: string;
  readonly uprn?: string;
  /** The UH property concerned (8 digits), when there is one. */
  readonly propRef?: string;
  /** For invalid rows: the reason the loader gives. */
  readonly reason?: string;
  readonly note?: string;
}
