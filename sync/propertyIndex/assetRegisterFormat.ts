import type { PropertyLevel } from '../../stores/model/records';

/**
 * The asset register extract (the council's Codeman, or any register): one CSV, header first, one row
 * per asset. Every column named here must be in the header (any order, any case); others are ignored.
 * - asset_id: the register's own key (required, unique);
 * - prop_ref: the UH property reference it holds (up to 8 digits, zero-padded; blank when none);
 * - uprn: up to 12 digits (leading zeros dropped), blank when none;
 * - level: Estate, Block, Sub-block, Dwelling or Non-dwelling (any case; spaces, '-' or '_');
 * - asset_type: the register's type name ('Medium Rise Block (3-5 storeys)'), as held;
 * - parent_prop_ref: the UH reference of its parent in the register, blank when none;
 * - status: Active, Disabled or Disposed; status_date: yyyy-mm-dd, blank when none;
 * - address, postcode: as held (postcode upper case, one space).
 */
export const ASSET_REGISTER_COLUMNS = [
  'asset_id',
  'prop_ref',
  'uprn',
  'level',
  'asset_type',
  'parent_prop_ref',
  'status',
  'status_date',
  'address',
  'postcode',
] as const;

export type AssetRegisterColumn = (typeof ASSET_REGISTER_COLUMNS)[number];
export type RawAssetRow = Readonly<Record<AssetRegisterColumn, string>>;

export type AssetStatus = 'ACTIVE' | 'DISABLED' | 'DISPOSED';

/** One housing.asset_register row, normalised. */
export interface RegisterAsset {
  readonly assetId: string;
  readonly propRef: string | null;
  readonly uprn: string | null;
  readonly level: PropertyLevel;
  readonly assetType: string | null;
  readonly parentPropRef: string | null;
  readonly status: AssetStatus;
  readonly statusDate: string | null;
  readonly address: string | null;
  readonly postcode: string | null;
}

/** The register's level names, as the extract may spell them. */
export const REGISTER_LEVELS: Readonly<Record<string, PropertyLevel>> = {
  ESTATE: 'ESTATE',
  BLOCK: 'BLOCK',
  SUB_BLOCK: 'SUB_BLOCK',
  DWELLING: 'DWELLING',
  NON_DWELLING: 'NON_DWELLING',
  OTHER: 'OTHER',
};

export const ASSET_STATUSES: readonly AssetStatus[] = ['ACTIVE', 'DISABLED', 'DISPOSED'];
