import type { UhClient } from './UhStore';
import { listParams, type UhParam, type UhQuery } from './UhQuery';
import type { PropertyFilter, PropertyRecord } from '../model/records';
import {
  toProperty,
  PROPERTY_COLUMNS,
  PROPERTY_FROM,
  type PropertyRow,
  type RowSetQuery,
} from './readProperties';
import { codesForLevel } from './codeLists';
import { INT, LEVEL_CODE, POST_CODE, PROP_REF } from './uhTypes';

/**
 * Properties matching every given filter, in reference order, after an optional reference. Asks for
 * one row more than the page, to tell whether another page follows.
 */
export function listPropertiesQuery(filter: PropertyFilter, take: number, after: string | null): RowSetQuery {
  const { where, params } = conditions(filter);
  const keyset = after === null ? [] : ['p.prop_ref > @after'];
  const clauses = [...where, ...keyset];
  const tail = `FROM ${PROPERTY_FROM}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY p.prop_ref`;
  const all = [
    ...params,
    ...(after === null ? [] : [{ ...PROP_REF, name: 'after', value: after }]),
    { ...INT, name: 'take', value: take + 1 },
  ];
  return {
    query: { name: 'listProperties', text: `SELECT TOP (@take) ${PROPERTY_COLUMNS} ${tail}`, params: all },
    // TOP makes ORDER BY legal in a subquery (and says which rows): the page's rows, not the first ones found.
    column: (name) => ({ sql: `SELECT TOP (@take) p.${name} ${tail}`, params: all }),
  };
}

export async function listProperties(
  store: UhClient,
  filter: PropertyFilter,
  take: number,
  after: string | null,
): Promise<PropertyRecord[]> {
  const rows = await store.query<PropertyRow>(listPropertiesQuery(filter, take, after).query);
  return rows.map(toProperty);
}

export function countPropertiesQuery(filter: PropertyFilter): UhQuery {
  const { where, params } = conditions(filter);
  return {
    name: 'countProperties',
    text: `SELECT COUNT(*) AS n FROM ${PROPERTY_FROM}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params,
  };
}

export async function countProperties(store: UhClient, filter: PropertyFilter): Promise<number> {
  const rows = await store.query<{ n: number }>(countPropertiesQuery(filter));
  return rows[0]?.n ?? 0;
}

/** Postcodes are compared as UH stores them ('E8 1DY') and without the space, whatever the caller typed. */
export function postcodeForms(raw: string): string[] {
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  const spaced = compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
  return [...new Set([spaced, compact])];
}

function conditions(filter: PropertyFilter): { where: string[]; params: UhParam[] } {
  const where: string[] = [];
  const params: UhParam[] = [];
  if (filter.postcode) {
    const forms = listParams('pc', postcodeForms(filter.postcode), POST_CODE);
    where.push(`p.post_code IN (${forms.sql})`);
    params.push(...forms.params);
  }
  if (filter.level) {
    const { codes, negate } = codesForLevel(filter.level);
    const list = listParams('lv', codes, LEVEL_CODE);
    where.push(
      negate
        ? `(p.level_code IS NULL OR p.level_code NOT IN (${list.sql}))`
        : `p.level_code IN (${list.sql})`,
    );
    params.push(...list.params);
  }
  if (filter.addressContains) {
    where.push(`(p.post_preamble LIKE @addr OR RTRIM(p.post_desig) + ' ' + RTRIM(pc.aline1) LIKE @addr OR pc.aline1 LIKE @addr
      OR pc.aline2 LIKE @addr OR pc.aline3 LIKE @addr OR p.post_code LIKE @addr)`);
    params.push({ type: 'varchar', length: 120, name: 'addr', value: `%${filter.addressContains}%` });
  }
  return { where, params };
}
