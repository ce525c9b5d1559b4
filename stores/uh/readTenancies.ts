import type { UhClient } from './UhStore';
import { keyList, type KeySource } from './UhQuery';
import type { RowSetQuery } from './readProperties';
import type { TenancyRecord } from '../model/records';
import { cleanDate, cleanFlag, cleanMoney, cleanText } from './normalise';
import { canonicalPropertyRef, canonicalRef } from './canonicalRefs';
import { HOUSE_REF, PROP_REF, TAG_REF } from './uhTypes';

// Money leaves SQL Server as text, so no float ever holds it.
export const COLUMNS = `t.tag_ref, t.prop_ref, t.house_ref, t.tenure, tt.ten_desc, t.cot, t.eot, t.terminated, t.u_saff_rentacc,
  CONVERT(varchar(40), t.rent) AS rent, CONVERT(varchar(40), t.service) AS service,
  CONVERT(varchar(40), t.other_charge) AS other_charge, CONVERT(varchar(40), t.cur_bal) AS cur_bal`;
export const FROM = `dbo.tenagree t WITH (NOLOCK) LEFT JOIN dbo.tenure tt WITH (NOLOCK) ON tt.ten_type = t.tenure`;

export interface TenancyRow {
  tag_ref: string;
  prop_ref: string | null;
  house_ref: string | null;
  tenure: string | null;
  ten_desc: string | null;
  cot: Date | null;
  eot: Date | null;
  terminated: boolean;
  u_saff_rentacc: string | null;
  rent: string | null;
  service: string | null;
  other_charge: string | null;
  cur_bal: string | null;
}

export function toTenancy(row: TenancyRow): TenancyRecord {
  const code = cleanText(row.tenure);
  return {
    reference: row.tag_ref.trim(),
    propertyReference: canonicalPropertyRef(row.prop_ref),
    houseRef: canonicalRef(row.house_ref),
    tenure: code === null ? null : { code, description: cleanText(row.ten_desc) },
    startDate: cleanDate(row.cot),
    endDate: cleanDate(row.eot),
    terminated: cleanFlag(row.terminated),
    paymentReference: cleanText(row.u_saff_rentacc),
    charges: {
      rent: cleanMoney(row.rent),
      service: cleanMoney(row.service),
      other: cleanMoney(row.other_charge),
    },
    balance: cleanMoney(row.cur_bal),
  };
}

/** Newest start first, then reference: the order every list of tenancies is shown in. */
function byStartDesc(a: TenancyRecord, b: TenancyRecord): number {
  return (b.startDate ?? '').localeCompare(a.startDate ?? '') || a.reference.localeCompare(b.reference);
}

/** Which column the keys are for: the tenancy itself, its property, its household. */
export type TenancyKey = 'tag_ref' | 'prop_ref' | 'house_ref';

const NAMES: Record<TenancyKey, string> = {
  tag_ref: 'tenanciesByReference',
  prop_ref: 'tenanciesByProperty',
  house_ref: 'tenanciesByHousehold',
};

/**
 * Tenancies by reference, by property or by household. Some application-written prop_refs carry a leading
 * space, which no equality on the padded value finds; `LIKE ' %'` adds those few rows through the index (a
 * prefix seek) and they are matched after trimming.
 */
export function tenanciesByKeys(keys: KeySource, by: TenancyKey): RowSetQuery {
  const where = `t.${by} IN (${keys.sql})${by === 'prop_ref' ? " OR t.prop_ref LIKE ' %'" : ''}`;
  return {
    query: { name: NAMES[by], text: `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}`, params: keys.params },
    column: (name) => ({
      sql: `SELECT t.${name} FROM dbo.tenagree t WITH (NOLOCK) WHERE ${where}`,
      params: keys.params,
    }),
  };
}

export function tenanciesFound(rows: readonly TenancyRow[]): Map<string, TenancyRecord> {
  return new Map(rows.map((row) => [row.tag_ref.trim(), toTenancy(row)]));
}

/** Tenancies of the wanted properties or households, newest first. */
export function tenanciesGrouped(
  rows: readonly TenancyRow[],
  by: 'prop_ref' | 'house_ref',
  wanted: ReadonlySet<string>,
): Map<string, TenancyRecord[]> {
  return group(
    rows.map(toTenancy),
    by === 'prop_ref' ? (t) => t.propertyReference : (t) => t.houseRef,
    wanted,
  );
}

export async function tenanciesByReference(
  store: UhClient,
  refs: readonly string[],
): Promise<Map<string, TenancyRecord>> {
  const { query } = tenanciesByKeys(keyList('r', refs, TAG_REF), 'tag_ref');
  return tenanciesFound(await store.query<TenancyRow>(query));
}

export async function tenanciesByProperty(
  store: UhClient,
  propertyRefs: readonly string[],
): Promise<Map<string, TenancyRecord[]>> {
  const { query } = tenanciesByKeys(keyList('r', propertyRefs, PROP_REF), 'prop_ref');
  return tenanciesGrouped(await store.query<TenancyRow>(query), 'prop_ref', new Set(propertyRefs));
}

export async function tenanciesByHousehold(
  store: UhClient,
  houseRefs: readonly string[],
): Promise<Map<string, TenancyRecord[]>> {
  const { query } = tenanciesByKeys(keyList('h', houseRefs, HOUSE_REF), 'house_ref');
  return tenanciesGrouped(await store.query<TenancyRow>(query), 'house_ref', new Set(houseRefs));
}

function group(
  records: TenancyRecord[],
  keyOf: (t: TenancyRecord) => string | null,
  wanted: ReadonlySet<string>,
) {
  const result = new Map<string, TenancyRecord[]>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === null || !wanted.has(key)) continue;
    const list = result.get(key) ?? [];
    list.push(record);
    result.set(key, list);
  }
  for (const list of result.values()) list.sort(byStartDesc);
  return result;
}
