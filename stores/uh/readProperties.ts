import type { UhStore } from './UhStore';
import { listParams } from './UhQuery';
import type { Page, PropertyRecord } from '../model/records';
import { cleanText } from './normalise';
import { composeAddress, cleanUprn } from './composeAddress';
import { levelOf } from './codeLists';
import { canonicalPropertyRef } from './canonicalRefs';
import { encodeCursor } from '../model/cursor';
import { INT, PROP_REF } from './uhTypes';

export const PROPERTY_COLUMNS = `p.prop_ref, p.level_code, p.major_ref, p.post_preamble, p.post_desig, p.post_code, p.u_llpg_ref,
  p.num_bedrooms, pc.aline1, pc.aline2, pc.aline3, pc.aline4`;
export const PROPERTY_FROM = `dbo.property p WITH (NOLOCK) LEFT JOIN dbo.postcode pc WITH (NOLOCK) ON pc.post_code = p.post_code`;

export interface PropertyRow {
  prop_ref: string;
  level_code: string | null;
  major_ref: string | null;
  post_preamble: string | null;
  post_desig: string | null;
  post_code: string | null;
  u_llpg_ref: string | null;
  num_bedrooms: number | null;
  aline1: string | null;
  aline2: string | null;
  aline3: string | null;
  aline4: string | null;
}

export function toProperty(row: PropertyRow): PropertyRecord {
  return {
    reference: canonicalPropertyRef(row.prop_ref) ?? row.prop_ref.trim(),
    levelCode: cleanText(row.level_code),
    level: levelOf(cleanText(row.level_code)),
    address: composeAddress({
      preamble: row.post_preamble,
      desig: row.post_desig,
      postcode: row.post_code,
      street: row.aline1,
      area: row.aline2,
      town: row.aline3,
      extra: row.aline4,
    }),
    uprn: cleanUprn(row.u_llpg_ref),
    numberOfBedrooms: row.num_bedrooms,
    parentReference: canonicalPropertyRef(row.major_ref),
  };
}

export async function propertiesByReference(
  store: UhStore,
  refs: readonly string[],
): Promise<Map<string, PropertyRecord>> {
  const list = listParams('r', refs, PROP_REF);
  const rows = await store.query<PropertyRow>({
    name: 'propertiesByReference',
    text: `SELECT ${PROPERTY_COLUMNS} FROM ${PROPERTY_FROM} WHERE p.prop_ref IN (${list.sql})`,
    params: list.params,
  });
  return new Map(rows.map((row) => [toProperty(row).reference, toProperty(row)]));
}

/**
 * Children of several parents, the first `take` of each in reference order, after an optional
 * reference (one request for the whole batch: ROW_NUMBER per parent).
 */
export async function childrenByParent(
  store: UhStore,
  parents: readonly string[],
  take: number,
  after: string | null,
): Promise<Map<string, Page<PropertyRecord>>> {
  const list = listParams('r', parents, PROP_REF);
  const afterClause = after === null ? '' : ' AND p.prop_ref > @after';
  const rows = await store.query<PropertyRow & { rn: number }>({
    name: 'childrenByParent',
    text: `SELECT x.* FROM (SELECT ${PROPERTY_COLUMNS}, ROW_NUMBER() OVER (PARTITION BY p.major_ref ORDER BY p.prop_ref) AS rn
  FROM ${PROPERTY_FROM} WHERE p.major_ref IN (${list.sql})${afterClause}) x
WHERE x.rn <= @take ORDER BY x.major_ref, x.rn`,
    params: [
      ...list.params,
      { ...INT, name: 'take', value: take + 1 },
      ...(after === null ? [] : [{ ...PROP_REF, name: 'after', value: after }]),
    ],
  });
  return pages(rows, take, (row) => canonicalPropertyRef(row.major_ref));
}

export async function countChildrenByParent(
  store: UhStore,
  parents: readonly string[],
): Promise<Map<string, number>> {
  const list = listParams('r', parents, PROP_REF);
  const rows = await store.query<{ major_ref: string; n: number }>({
    name: 'countChildrenByParent',
    text: `SELECT p.major_ref, COUNT(*) AS n FROM dbo.property p WITH (NOLOCK) WHERE p.major_ref IN (${list.sql}) GROUP BY p.major_ref`,
    params: list.params,
  });
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = canonicalPropertyRef(row.major_ref);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + row.n);
  }
  return counts;
}

function pages(
  rows: readonly (PropertyRow & { rn: number })[],
  take: number,
  parentOf: (row: PropertyRow) => string | null,
) {
  const result = new Map<
    string,
    { items: { cursor: string; node: PropertyRecord }[]; hasNextPage: boolean }
  >();
  for (const row of rows) {
    const parent = parentOf(row);
    if (parent === null) continue;
    const page = result.get(parent) ?? { items: [], hasNextPage: false };
    result.set(parent, page);
    if (page.items.length === take) {
      page.hasNextPage = true;
      continue;
    }
    const node = toProperty(row);
    page.items.push({ cursor: encodeCursor([node.reference]), node });
  }
  return result as Map<string, Page<PropertyRecord>>;
}
