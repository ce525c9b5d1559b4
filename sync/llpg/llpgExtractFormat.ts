/**
 * The LLPG extract's two CSV files, in the shape of the addresses-api `hackney_address` and
 * `hackney_xref` tables: one row per LPI (several per UPRN) and one per cross-reference. Every column
 * named here must be in the header (in any order); other columns are ignored, so a fuller extract loads.
 */
export const ADDRESS_COLUMNS = [
  'lpi_key',
  'uprn',
  'parent_uprn',
  'usrn',
  'lpi_logical_status',
  'blpu_class',
  'property_shell',
  'sao_text',
  'pao_text',
  'building_number',
  'street_description',
  'locality',
  'town',
  'postcode',
  'lpi_start_date',
  'lpi_end_date',
] as const;

export const CROSS_REFERENCE_COLUMNS = [
  'xref_key',
  'uprn',
  'xref_code',
  'xref_name',
  'xref_value',
  'xref_end_date',
] as const;

export type AddressColumn = (typeof ADDRESS_COLUMNS)[number];
export type CrossReferenceColumn = (typeof CROSS_REFERENCE_COLUMNS)[number];

/** A CSV row as the extract holds it: every expected column, as text (absent = ''). */
export type RawAddressRow = Readonly<Record<AddressColumn, string>>;
export type RawCrossReferenceRow = Readonly<Record<CrossReferenceColumn, string>>;

export type LlpgLogicalStatus = 'APPROVED_PREFERRED' | 'ALTERNATIVE' | 'PROVISIONAL' | 'HISTORICAL';

/** One llpg.address row, normalised (trimmed, blanks NULL, dates ISO, postcode upper case). */
export interface LlpgAddress {
  readonly lpiKey: string;
  readonly uprn: string;
  readonly parentUprn: string | null;
  readonly usrn: number | null;
  readonly logicalStatus: LlpgLogicalStatus;
  readonly blpuClass: string | null;
  readonly propertyShell: boolean;
  readonly sao: string | null;
  readonly pao: string | null;
  readonly buildingNumber: string | null;
  readonly street: string | null;
  readonly locality: string | null;
  readonly town: string | null;
  readonly postcode: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/** One llpg.cross_reference row, normalised. */
export interface LlpgCrossReference {
  readonly xrefKey: string;
  readonly uprn: string;
  readonly code: string;
  readonly name: string | null;
  readonly value: string;
  readonly endDate: string | null;
}

/**
 * The cross-reference code this project reads as a parent claim (LLPG_XREF): on a UPRN, xref_code
 * 'UHPARENT' with xref_value a UH prop_ref (8 digits; shorter digit strings are zero-padded) says "the UH
 * property at this UPRN belongs under that UH property". It is how the LLPG records links its own parent
 * UPRN cannot: a block's estate, which has no UPRN in UH. Other codes are loaded and kept, not interpreted.
 */
export const UH_PARENT_XREF_CODE = 'UHPARENT';
