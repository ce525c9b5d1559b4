import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows, tstampOf } from '../mapRows';
import { upsertRows } from '../upsertRows';
import { COLUMNS, FROM, toTenancy, type TenancyRow } from '../../../stores/uh/readTenancies';

type Row = TenancyRow & { tstamp: Buffer };

interface Tenancy {
  readonly record: ReturnType<typeof toTenancy>;
  readonly tstamp: Buffer | null;
}

const KEY = [{ expr: 't.tag_ref', alias: 'tag_ref', type: { type: 'char', length: 11 } }] as const;
const SELECT: EntitySelect = {
  columns: `${COLUMNS}, t.tstamp`,
  from: FROM,
  alias: 't',
  joinedRowversions: ['tt.tstamp'],
};

/** dbo.tenagree (+ tenure description) -> housing.tenancy, through the legacy store's own toTenancy. */
export const tenancyEntity: BackfillEntity<Row, Tenancy> = {
  name: 'tenancy',
  table: 'tenagree',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) =>
    `SELECT TOP (@n) ${SELECT.columns} FROM ${SELECT.from} WHERE ${where} ORDER BY t.tag_ref`,
  map: (rows) =>
    mapRows(
      KEY,
      rows,
      (row) => {
        const record = toTenancy(row);
        if (record.reference === '') return 'tenancy has no reference (blank tag_ref)';
        return { record, tstamp: tstampOf(row.tstamp) };
      },
      (t) => t.record.reference,
    ),
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'housing.tenancy',
        key: ['reference'],
        syncedAt: true,
        masteredIn: true,
        columns: [
          { name: 'reference', type: 'text', value: (t) => t.record.reference },
          { name: 'property_reference', type: 'text', value: (t) => t.record.propertyReference },
          { name: 'house_ref', type: 'text', value: (t) => t.record.houseRef },
          { name: 'tenure_code', type: 'text', value: (t) => t.record.tenure?.code ?? null },
          { name: 'tenure_description', type: 'text', value: (t) => t.record.tenure?.description ?? null },
          { name: 'start_date', type: 'date', value: (t) => t.record.startDate },
          { name: 'end_date', type: 'date', value: (t) => t.record.endDate },
          { name: 'is_terminated', type: 'boolean', value: (t) => t.record.terminated },
          { name: 'payment_reference', type: 'text', value: (t) => t.record.paymentReference },
          { name: 'rent', type: 'numeric', value: (t) => t.record.charges.rent },
          { name: 'service_charge', type: 'numeric', value: (t) => t.record.charges.service },
          { name: 'other_charge', type: 'numeric', value: (t) => t.record.charges.other },
          { name: 'balance', type: 'numeric', value: (t) => t.record.balance },
          { name: 'uh_tstamp', type: 'bytea', value: (t) => t.tstamp },
        ],
      },
      records,
      mode,
    );
  },
};
