import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import { listParams } from '../../stores/uh/UhQuery';
import type { PropertyLevel } from '../../stores/model/records';
import type { AssetStatus } from './assetRegisterFormat';
import { TEMPORARY_RENT_GROUPS, TEMPORARY_TENURES } from './temporaryAccommodation';

/** UH's property rows as the index needs them (as UH holds them: padded, raw codes). */
export interface UhPropertyRow {
  readonly prop_ref: string;
  readonly level_code: string | null;
  readonly subtyp_code: string | null;
  readonly type_desc: string | null;
  readonly occ_stat: string | null;
  readonly ownership: string | null;
  readonly u_llpg_ref: string | null;
  readonly major_ref: string | null;
  readonly short_address: string | null;
}

export interface PropertyIndexSources {
  readonly uh: readonly UhPropertyRow[];
  /** prop_refs (as UH holds them) of homes whose current tenancy is temporary accommodation. */
  readonly temporary: readonly string[];
  readonly cloud: readonly { reference: string; level: PropertyLevel; uprn: string | null }[];
  /** One row per current UPRN of the LLPG (its approved LPI first). */
  readonly llpg: readonly { uprn: string; blpu_class: string | null; property_shell: boolean }[];
  readonly claims: readonly { child_reference: string; parent_reference: string; source: string }[];
  readonly register: readonly {
    asset_id: string;
    prop_ref: string | null;
    uprn: string | null;
    level: PropertyLevel;
    asset_type: string | null;
    status: AssetStatus;
    status_date: string | null;
    address: string | null;
  }[];
}

/** Everything the Property Index compares: UH read from UH itself, the rest from the cloud database. */
export async function readPropertyIndexSources(uh: UhStore, pg: PgStore): Promise<PropertyIndexSources> {
  const tenures = listParams('t', TEMPORARY_TENURES, { type: 'char', length: 3 });
  const groups = listParams('g', TEMPORARY_RENT_GROUPS, { type: 'char', length: 3 });
  const [uhRows, temporary, cloud, llpg, claims, register] = await Promise.all([
    uh.query<UhPropertyRow>({
      name: 'propertyIndex.properties',
      text: `SELECT p.prop_ref, p.level_code, p.subtyp_code, lk.lu_desc AS type_desc, p.occ_stat, p.ownership,
  p.u_llpg_ref, p.major_ref, p.short_address
FROM dbo.property p WITH (NOLOCK)
LEFT JOIN dbo.lookup lk WITH (NOLOCK) ON lk.lu_type = 'PST' AND lk.lu_ref = p.subtyp_code`,
      params: [],
    }),
    uh.query<{ prop_ref: string }>({
      name: 'propertyIndex.temporaryAccommodation',
      text: `SELECT DISTINCT t.prop_ref FROM dbo.tenagree t WITH (NOLOCK)
WHERE t.terminated = 0 AND (t.tenure IN (${tenures.sql}) OR t.rentgrp_ref IN (${groups.sql}))`,
      params: [...tenures.params, ...groups.params],
    }),
    pg.query<PropertyIndexSources['cloud'][number]>('SELECT reference, level, uprn FROM housing.property'),
    pg.query<PropertyIndexSources['llpg'][number]>(
      `SELECT DISTINCT ON (uprn) uprn, blpu_class, property_shell FROM llpg.address
WHERE logical_status <> 'HISTORICAL' AND (end_date IS NULL OR end_date > current_date)
ORDER BY uprn, logical_status = 'APPROVED_PREFERRED' DESC, lpi_key`,
    ),
    pg.query<PropertyIndexSources['claims'][number]>(
      'SELECT child_reference, parent_reference, source FROM housing.property_parent_claim',
    ),
    pg.query<PropertyIndexSources['register'][number]>(
      `SELECT asset_id, prop_ref, uprn, level, asset_type, status, to_char(status_date, 'YYYY-MM-DD') AS status_date, address
FROM housing.asset_register`,
    ),
  ]);
  return {
    uh: uhRows,
    temporary: temporary.map((row) => row.prop_ref),
    cloud: cloud.rows,
    llpg: llpg.rows,
    claims: claims.rows,
    register: register.rows,
  };
}
