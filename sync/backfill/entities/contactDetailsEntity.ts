import type { BackfillEntity } from '../BackfillEntity';
import { mapRows, sourceKey } from '../mapRows';
import { upsertRows } from '../upsertRows';
import {
  HOUSEHOLD_CONTACT_COLUMNS,
  firstContactRowByHousehold,
  toContactDetails,
  type HouseholdContactRow,
} from '../../../stores/uh/readPeople';
import { canonicalRef } from '../../../stores/uh/canonicalRefs';

interface ContactDetails {
  readonly houseRef: string;
  readonly details: ReturnType<typeof toContactDetails>;
  readonly conKey: number | null;
}

const KEY = [{ expr: 'hh.house_ref', alias: 'house_ref', type: { type: 'char', length: 10 } }] as const;

/**
 * Contact details per household (dbo.househ walked by house_ref), chosen exactly as the legacy subgraph's
 * contactsByHousehold chooses them (the same columns, joins and pure functions): the household's first
 * contacts row by con_key reached through its tenancies, phones split and typed, the househ email as the
 * fallback. A household with no contacts row gets its househ email and no phones, as the graph serves it.
 */
export const contactDetailsEntity: BackfillEntity<HouseholdContactRow, ContactDetails> = {
  name: 'contactDetails',
  table: 'househ',
  keyColumns: KEY,
  concurrentWrites: true,
  chunkSql: (where) => `SELECT ${HOUSEHOLD_CONTACT_COLUMNS}
FROM (SELECT TOP (@n) hh.house_ref, hh.email_address FROM dbo.househ hh WITH (NOLOCK) WHERE ${where} ORDER BY hh.house_ref) h
LEFT JOIN dbo.tenagree t WITH (NOLOCK) ON t.house_ref = h.house_ref
LEFT JOIN dbo.contacts c WITH (NOLOCK) ON c.tag_ref = t.tag_ref
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
  upsert: async (client, records) => {
    await upsertRows(
      client,
      {
        table: 'housing.contact_details',
        key: ['house_ref'],
        syncedAt: true,
        masteredIn: true,
        columns: [
          { name: 'house_ref', type: 'text', value: (c) => c.houseRef },
          { name: 'phones', type: 'jsonb', value: (c) => JSON.stringify(c.details.phones) },
          { name: 'email', type: 'text', value: (c) => c.details.email },
          { name: 'uh_con_key', type: 'integer', value: (c) => c.conKey },
        ],
      },
      records,
    );
  },
};
