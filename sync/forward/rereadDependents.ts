import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import { MAX_PARAMS_PER_REQUEST, listParams, type UhParamType } from '../../stores/uh/UhQuery';
import { HOUSE_REF, POST_CODE } from '../../stores/uh/uhTypes';
import { backfillEntities } from '../backfill/backfillEntities';
import { unsettledColumn } from './captureTables';
import type { Rowversion } from './rowversion';

/**
 * Rows of an entity that depend on rows of another table which changed: a household's contact details
 * (househ + its tenancies + their contacts rows), the properties of a changed postcode. Read again whole,
 * with the entity's own SELECT and a key list (at most MAX_PARAMS_PER_REQUEST keys per request), each row
 * saying whether a row it was built from may be uncommitted (`fwd_unsettled`, against the poll's @hi).
 */
export async function rereadHouseholds(
  uh: UhStore,
  houseRefs: readonly string[],
  hi: Rowversion,
): Promise<UhRow[]> {
  const entity = backfillEntities.contactDetails;
  const { select } = entity;
  // A few households' house_ref carry a leading space, which no equality on the trimmed value finds:
  // LIKE ' %' adds those rows (a prefix seek), and the caller keeps the households it asked for.
  return inChunks(
    houseRefs,
    HOUSE_REF,
    (list) => ({
      name: 'forward.households',
      text: `SELECT ${select.columns}, ${unsettledColumn(select)} FROM ${select.from}
WHERE h.house_ref IN (${list}) OR h.house_ref LIKE ' %' ORDER BY h.house_ref, c.con_key`,
    }),
    uh,
    hi,
  );
}

export async function rereadPropertiesByPostcode(
  uh: UhStore,
  postcodes: readonly string[],
  hi: Rowversion,
): Promise<UhRow[]> {
  const { select } = backfillEntities.property;
  return inChunks(
    postcodes,
    POST_CODE,
    (list) => ({
      name: 'forward.propertiesByPostcode',
      text: `SELECT ${select.columns}, ${unsettledColumn(select)} FROM ${select.from} WHERE p.post_code IN (${list}) ORDER BY p.prop_ref`,
    }),
    uh,
    hi,
  );
}

async function inChunks(
  values: readonly string[],
  type: UhParamType,
  build: (list: string) => { name: string; text: string },
  uh: UhStore,
  hi: Rowversion,
): Promise<UhRow[]> {
  const rows: UhRow[] = [];
  for (let i = 0; i < values.length; i += MAX_PARAMS_PER_REQUEST) {
    const list = listParams('k', values.slice(i, i + MAX_PARAMS_PER_REQUEST), type);
    const { name, text } = build(list.sql);
    const chunk = await uh.query({
      name,
      text,
      params: [...list.params, { type: 'varbinary', length: 8, name: 'hi', value: hi }],
    });
    for (const row of chunk) rows.push(row);
  }
  return rows;
}
