import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows, tstampOf } from '../mapRows';
import { upsertRows } from '../upsertRows';
import { personIdFor } from '../personIdentity';
import { MEMBER_COLUMNS, toPerson, type MemberRow } from '../../../stores/uh/readPeople';

type Row = MemberRow & { tstamp: Buffer };

interface Member {
  readonly record: ReturnType<typeof toPerson>;
  readonly personId: string;
  readonly tstamp: Buffer | null;
}

const KEY = [
  { expr: 'm.house_ref', alias: 'house_ref', type: { type: 'char', length: 10 } },
  { expr: 'm.person_no', alias: 'person_no', type: { type: 'numeric', precision: 2, scale: 0 } },
] as const;
const SELECT: EntitySelect = {
  columns: `${MEMBER_COLUMNS}, m.tstamp`,
  from: 'dbo.member m',
  alias: 'm',
  joinedRowversions: [],
};

/**
 * dbo.member -> housing.household_member (as toPerson serves it), each linked to a housing.person by
 * personIdFor (same normalised name and date of birth = same person; see personIdentity.ts).
 */
export const memberEntity: BackfillEntity<Row, Member> = {
  name: 'member',
  table: 'member',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) =>
    `SELECT TOP (@n) ${SELECT.columns} FROM ${SELECT.from} WHERE ${where} ORDER BY m.house_ref, m.person_no`,
  map: (rows) =>
    mapRows(
      KEY,
      rows,
      (row) => {
        const record = toPerson(row);
        if (record.houseRef === '') return 'member has no household reference (blank house_ref)';
        return { record, personId: personIdFor(record), tstamp: tstampOf(row.tstamp) };
      },
      (m) => m.record.id,
    ),
  // One person may be members in two chunks: persons are inserted apart from the chunk's transaction. A
  // crash between the two leaves a person with no member yet; the resumed chunk links it (same id).
  prepare: async (db, records) => {
    await db.query(
      'INSERT INTO housing.person (id) SELECT DISTINCT unnest($1::uuid[]) ON CONFLICT (id) DO NOTHING',
      [records.map((m) => m.personId)],
    );
  },
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'housing.household_member',
        key: ['id'],
        syncedAt: true,
        masteredIn: true,
        columns: [
          { name: 'id', type: 'text', value: (m) => m.record.id },
          { name: 'house_ref', type: 'text', value: (m) => m.record.houseRef },
          { name: 'person_no', type: 'smallint', value: (m) => m.record.personNo },
          { name: 'person_id', type: 'uuid', value: (m) => m.personId },
          { name: 'title', type: 'text', value: (m) => m.record.title },
          { name: 'first_name', type: 'text', value: (m) => m.record.firstName },
          { name: 'surname', type: 'text', value: (m) => m.record.surname },
          { name: 'date_of_birth', type: 'date', value: (m) => m.record.dateOfBirth },
          { name: 'is_responsible', type: 'boolean', value: (m) => m.record.isResponsible },
          { name: 'uh_tstamp', type: 'bytea', value: (m) => m.tstamp },
        ],
      },
      records,
      mode,
    );
  },
};
