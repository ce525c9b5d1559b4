import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows, sourceKey, tstampOf } from '../mapRows';
import { upsertRows } from '../upsertRows';
import {
  HOUSEHOLD_CONTACT_COLUMNS,
  firstContactRowByHousehold,
  toContactDetails,
  type HouseholdContactRow,
} from '../../../stores/uh/readPeople';
import { canonicalRef } from '../../../stores/uh/canonicalRefs';

type Row = HouseholdContactRow & { con_tstamp: Buffer | null };

interface ContactDetails {
  readonly houseRef: string;
  readonly details: ReturnType<typeof toContactDetails>;
  readonly conKey: number | null;
  /** The chosen contacts row's rowversion (null without one): the version reverse sync writes and records. */
  readonly tstamp: Buffer | null;
}

const KEY = [{ expr: 'hh.house_ref', alias: 'house_ref', type: { type: 'char', length: 10 } }] as const;
const JOINS = `LEFT JOIN dbo.tenagree t ON t.house_ref = h.house_ref
LEFT JOIN dbo.contacts c ON c.tag_ref = t.tag_ref`;
/** Several rows per household (one per contacts row reached): ordered by house_ref, con_key where read. */
const SELECT: EntitySelect = {
  columns: `${HOUSEHOLD_CONTACT_COLUMNS}, c.tstamp AS con_tstamp, h.tstamp`,
  from: `dbo.househ h
${JOINS}`,
  alias: 'h',
  joinedRowversions: ['t.tstamp', 'c.tstamp'],
};

/**
 * Contact details per household (dbo.househ walked by house_ref), chosen exactly as the legacy subgraph's
 * contactsByHousehold chooses them (the same columns, joins and pure functions): the household's first
 * contacts row by con_key reached through its tenancies, phones split and typed, the househ email as the
 * fallback. A household with no contacts row gets its househ email and no phones, as the graph serves it.
 */
export const contactDetailsEntity: BackfillEntity<Row, ContactDetails> = {
  name: 'contactDetails',
  table: 'househ',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) => `SELECT ${SELECT.columns}
FROM (SELECT TOP (@n) hh.house_ref, hh.email_address, hh.tstamp FROM dbo.househ hh WHERE ${where} ORDER BY hh.house_ref) h
${JOINS}
ORDER BY h.house_ref, c.con_key`,
  map: (rows) => {
    const blank = rows.filter((row) => canonicalRef(row.house_ref) === null);
    const chosen = [...firstContactRowByHousehold(rows)].map(([houseRef, row]) => ({ houseRef, row }));
    const mapped = mapRows(
      KEY,
      chosen.map(({ row }) => row),
      (row) => ({
        houseRef: canonicalRef(row.house_ref) ?? '',
        details: toContactDetails(row),
        conKey: row.con_key,
        tstamp: tstampOf(row.con_tstamp),
      }),
    );
    return {
      records: mapped.records,
      rejections: [
        ...mapped.rejections,
        ...blank.map((row) => ({
          key: sourceKey(KEY, row),
          reason: 'household has no reference (blank house_ref)',
          row,
        })),
      ],
    };
  },
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'housing.contact_details',
        key: ['house_ref'],
        syncedAt: true,
        masteredIn: true,
        versionScope: 'uh_con_key',
        columns: [
          { name: 'house_ref', type: 'text', value: (c) => c.houseRef },
          { name: 'phones', type: 'jsonb', value: (c) => JSON.stringify(c.details.phones) },
          { name: 'email', type: 'text', value: (c) => c.details.email },
          { name: 'uh_con_key', type: 'integer', value: (c) => c.conKey },
          { name: 'uh_tstamp', type: 'bytea', value: (c) => c.tstamp },
        ],
      },
      records,
      mode,
    );
  },
};
