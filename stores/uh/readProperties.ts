import type { UhClient } from './UhStore';
import { keyList, type KeySource, type UhQuery } from './UhQuery';
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

/** A statement whose rows another can hang from: any of its columns as a subquery for that other's keys. */
export interface RowSetQuery {
  readonly query: UhQuery;
  column(name: string): KeySource;
}

export function propertiesByKeys(keys: KeySource): RowSetQuery {
  return {
    query: {
      name: 'propertiesByReference',
      text: `SELECT ${PROPERTY_COLUMNS} FROM ${PROPERTY_FROM} WHERE p.prop_ref IN (${keys.sql})`,
      params: keys.params,
    },
    column: (name) => ({
      sql: `SELECT p.${name} FROM dbo.property p WITH (NOLOCK) WHERE p.prop_ref IN (${keys.sql})`,
      params: keys.params,
    }),
  };
}

export function propertiesFound(rows: readonly PropertyRow[]): Map<string, PropertyRecord> {
  return new Map(rows.map((row) => [toProperty(row).reference, toProperty(row)]));
}

export async function propertiesByReference(
  store: UhClient,
  refs: readonly string[],
): Promise<Map<string, PropertyRecord>> {
  return propertiesFound(
    await store.query<PropertyRow>(propertiesByKeys(keyList('r', refs, PROP_REF)).query),
  );
}

/**
 * Children of several parents, the first `take` of each in reference order, after an optional
 * reference (one request for the whole batch: ROW_NUMBER per parent).
 */
export function childrenByKeys(keys: KeySource, take: number, after: string | null): RowSetQuery {
  const afterClause = after === null ? '' : ' AND p.prop_ref > @after';
  const inner = `SELECT ${PROPERTY_COLUMNS}, ROW_NUMBER() OVER (PARTITION BY p.major_ref ORDER BY p.prop_ref) AS rn
  FROM ${PROPERTY_FROM} WHERE p.major_ref IN (${keys.sql})${afterClause}`;
  const params = [
    ...keys.params,
    { ...INT, name: 'take', value: take + 1 },
    ...(after === null ? [] : [{ ...PROP_REF, name: 'after', value: after }]),
  ];
  return {
    query: {
      name: 'childrenByParent',
      text: `SELECT x.* FROM (${inner}) x
WHERE x.rn <= @take ORDER BY x.major_ref, x.rn`,
      params,
    },
    column: (name) => ({ sql: `SELECT x.${name} FROM (${inner}) x WHERE x.rn <= @take`, params }),
  };
}

export function childPages(
  rows: readonly (PropertyRow & { rn: number })[],
  take: number,
): Map<string, Page<PropertyRecord>> {
  return pages(rows, take, (row) => canonicalPropertyRef(row.major_ref));
}

export async function childrenByParent(
  store: UhClient,
  parents: readonly string[],
  take: number,
  after: string | null,
): Promise<Map<string, Page<PropertyRecord>>> {
  const { query } = childrenByKeys(keyList('r', parents, PROP_REF), take, after);
  return childPages(await store.query<PropertyRow & { rn: number }>(query), take);
}

export function childCountByKeys(keys: KeySource): UhQuery {
  return {
    name: 'countChildrenByParent',
    text: `SELECT p.major_ref, COUNT(*) AS n FROM dbo.property p WITH (NOLOCK) WHERE p.major_ref IN (${keys.sql}) GROUP BY p.major_ref`,
    params: keys.params,
  };
}

export function childCounts(rows: readonly { major_ref: string; n: number }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = canonicalPropertyRef(row.major_ref);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + row.n);
  }
  return counts;
}

export async function countChildrenByParent(
  store: UhClient,
  parents: readonly string[],
): Promise<Map<string, number>> {
  return childCounts(
    await store.query<{ major_ref: string; n: number }>(childCountByKeys(keyList('r', parents, PROP_REF))),
  );
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
