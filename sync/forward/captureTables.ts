import type { BackfillEntityName, EntitySelect } from '../backfill/BackfillEntity';
import { backfillEntities } from '../backfill/backfillEntities';

/**
 * The UH tables forward capture polls by rowversion, and what a change to each one means in the cloud.
 * - `rows`: the table an entity walks; the poll selects the entity's own rows (its EntitySelect), mapped
 *   and upserted as the backfill does. tenure also re-describes the tenancies of that tenure, tenagree
 *   also re-reads the contact details of its household.
 * - `households`: househ and contacts changes re-read the contact details of the households they reach.
 * - `postcodes`: a postcode's address lines are part of every property with that post_code: re-read them.
 * - `typeCodes`: debtype / rectype descriptions are part of every rent transaction of that code.
 */
export type CaptureKind =
  | { readonly kind: 'rows'; readonly entity: BackfillEntityName }
  | { readonly kind: 'households' }
  | { readonly kind: 'postcodes' }
  | { readonly kind: 'typeCodes' };

export interface CaptureTable {
  /** The UH table, also the forward checkpoint's source. */
  readonly table: string;
  /**
   * The backfill entities that read this table: it is polled once they are all complete, from the lowest
   * of their marks (else a chunk still to come could overwrite a newer forward change with an older read).
   */
  readonly readers: readonly BackfillEntityName[];
  readonly capture: CaptureKind;
  /** What the poll selects (every row carries `tstamp`, the polled table's rowversion). */
  readonly select: EntitySelect;
}

function entityTable(entity: BackfillEntityName, readers: readonly BackfillEntityName[]): CaptureTable {
  const definition = backfillEntities[entity];
  return {
    table: definition.table,
    readers,
    capture: { kind: 'rows', entity },
    select: definition.select,
  };
}

/**
 * A change to debtype or rectype: the code and the description every transaction of that code shows,
 * worked out as readTransactions' COALESCE(d.deb_desc, rc.rec_desc) does (a debit code wins).
 */
function typeCodeTable(table: 'debtype' | 'rectype'): CaptureTable {
  const own = table === 'debtype' ? 'd' : 'rc';
  const from =
    table === 'debtype'
      ? 'dbo.debtype d LEFT JOIN dbo.rectype rc ON rc.rec_code = d.deb_code'
      : 'dbo.rectype rc LEFT JOIN dbo.debtype d ON d.deb_code = rc.rec_code';
  return {
    table,
    readers: ['rentTransaction'],
    capture: { kind: 'typeCodes' },
    select: {
      columns: `${own}.${table === 'debtype' ? 'deb_code' : 'rec_code'} AS code, COALESCE(d.deb_desc, rc.rec_desc) AS type_desc, ${own}.tstamp`,
      from,
      alias: own,
      joinedRowversions: [table === 'debtype' ? 'rc.tstamp' : 'd.tstamp'],
    },
  };
}

/** In the backfill's dependency order: a cycle applies entities in this order too. */
export const CAPTURE_TABLES: readonly CaptureTable[] = [
  entityTable('tenureType', ['tenureType', 'tenancy']),
  entityTable('property', ['property']),
  {
    table: 'postcode',
    readers: ['property'],
    capture: { kind: 'postcodes' },
    select: {
      columns: 'pc.post_code, pc.tstamp',
      from: 'dbo.postcode pc',
      alias: 'pc',
      joinedRowversions: [],
    },
  },
  entityTable('tenancy', ['tenancy', 'contactDetails']),
  entityTable('member', ['member']),
  {
    table: 'househ',
    readers: ['contactDetails'],
    capture: { kind: 'households' },
    select: {
      columns: 'hh.house_ref, hh.tstamp',
      from: 'dbo.househ hh',
      alias: 'hh',
      joinedRowversions: [],
    },
  },
  {
    // A contacts row reaches its household through its tenancy (contacts.tag_ref), as readPeople reads it.
    table: 'contacts',
    readers: ['contactDetails'],
    capture: { kind: 'households' },
    select: {
      columns: 'c.con_key, ct.house_ref, c.tstamp',
      from: 'dbo.contacts c LEFT JOIN dbo.tenagree ct ON ct.tag_ref = c.tag_ref',
      alias: 'c',
      joinedRowversions: ['ct.tstamp'],
    },
  },
  entityTable('repairRequest', ['repairRequest']),
  entityTable('rentTransaction', ['rentTransaction']),
  typeCodeTable('debtype'),
  typeCodeTable('rectype'),
];

/**
 * `1` when a row read may not be committed: its own or a joined row's rowversion is at or
 * above @hi (MIN_ACTIVE_ROWVERSION() when the poll began). Such a row is not taken yet (see pollChanges).
 */
export function unsettledColumn(select: EntitySelect): string {
  const versions = [`${select.alias}.tstamp`, ...select.joinedRowversions];
  return `CASE WHEN ${versions.map((v) => `${v} >= @hi`).join(' OR ')} THEN 1 ELSE 0 END AS fwd_unsettled`;
}
