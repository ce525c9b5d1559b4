/**
 * How big a seed to build. Every scale carries every seeded fault; only volumes change.
 * - tiny: a few hundred rows, for unit tests.
 * - small: ~5,000 dwellings and a year of weekly rent transactions.
 * - large: over a million rows, for benchmarks.
 */
export type SeedScale = 'tiny' | 'small' | 'large';

export const seedScales: readonly SeedScale[] = ['tiny', 'small', 'large'];

export interface ScaleShape {
  readonly estates: number;
  readonly blocksPerEstate: readonly [number, number];
  readonly flatsPerBlock: readonly [number, number];
  /** Blocks standing on a street, under the owner, not in any estate. */
  readonly streetBlocks: number;
  readonly streetHouses: number;
  readonly garagesPerEstate: number;
  /** Share of dwellings that had an earlier, ended tenancy. */
  readonly priorTenancyRate: number;
  /** Weeks of rent transactions up to the reference date. */
  readonly transactionWeeks: number;
  /** Mean repair requests per dwelling over the last two years. */
  readonly repairsPerDwelling: number;
  /** How many instances of each "rate" fault (blank arr_patch, 1900 DOBs ...) to plant. */
  readonly faultMultiplier: number;
}

export const scaleShapes: Readonly<Record<SeedScale, ScaleShape>> = {
  tiny: {
    estates: 2,
    blocksPerEstate: [2, 2],
    flatsPerBlock: [6, 6],
    streetBlocks: 1,
    streetHouses: 10,
    garagesPerEstate: 1,
    priorTenancyRate: 0.3,
    transactionWeeks: 4,
    repairsPerDwelling: 1,
    faultMultiplier: 1,
  },
  small: {
    estates: 12,
    blocksPerEstate: [4, 8],
    flatsPerBlock: [30, 70],
    streetBlocks: 6,
    streetHouses: 1250,
    garagesPerEstate: 8,
    priorTenancyRate: 0.3,
    transactionWeeks: 52,
    repairsPerDwelling: 1.2,
    faultMultiplier: 5,
  },
  large: {
    estates: 22,
    blocksPerEstate: [4, 8],
    flatsPerBlock: [40, 80],
    streetBlocks: 12,
    streetHouses: 2800,
    garagesPerEstate: 10,
    priorTenancyRate: 0.3,
    transactionWeeks: 52,
    repairsPerDwelling: 1.2,
    faultMultiplier: 20,
  },
};

export function parseSeedScale(text: string): SeedScale {
  if ((seedScales as readonly string[]).includes(text)) return text as SeedScale;
  throw new Error(`seed scale: expected one of ${seedScales.join(', ')}, got ${JSON.stringify(text)}`);
}

/** The seed's fixed "today" (a Monday, the first day of rent year 2026/27); never the wall clock. */
export const SEED_REFERENCE_DATE = '2026-04-06';
