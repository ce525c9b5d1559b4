import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows, tstampOf } from '../mapRows';
import { upsertRows } from '../upsertRows';
import { COLUMNS, toRepair, type RepairRow } from '../../../stores/uh/readRepairs';
import { cleanText } from '../../../stores/uh/normalise';

type Row = RepairRow & { rq_name: string | null; rq_phone: string | null; tstamp: Buffer };

interface Repair {
  readonly record: ReturnType<typeof toRepair>;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly tstamp: Buffer | null;
}

const KEY = [{ expr: 'r.rq_ref', alias: 'rq_ref', type: { type: 'char', length: 8 } }] as const;
const SELECT: EntitySelect = {
  columns: `${COLUMNS}, r.rq_name, r.rq_phone, r.tstamp`,
  from: 'dbo.rmreqst r',
  alias: 'r',
  joinedRowversions: [],
};

/** Who reported it, as typed: trimmed, inner runs of spaces made one, blank -> NULL. */
function cleanContact(value: string | null): string | null {
  return cleanText(value)?.replace(/\s+/g, ' ') ?? null;
}

/** dbo.rmreqst -> repairs.repair_request (toRepair), plus the reporter's name and phone (rq_name, rq_phone). */
export const repairRequestEntity: BackfillEntity<Row, Repair> = {
  name: 'repairRequest',
  table: 'rmreqst',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) =>
    `SELECT TOP (@n) ${SELECT.columns} FROM ${SELECT.from} WHERE ${where} ORDER BY r.rq_ref`,
  map: (rows) =>
    mapRows(
      KEY,
      rows,
      (row) => {
        const record = toRepair(row);
        if (!/^\d{8}$/.test(record.reference)) return 'rq_ref is not a repair reference of up to 8 digits';
        return {
          record,
          contactName: cleanContact(row.rq_name),
          contactPhone: cleanContact(row.rq_phone),
          tstamp: tstampOf(row.tstamp),
        };
      },
      (r) => r.record.reference,
    ),
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'repairs.repair_request',
        key: ['reference'],
        syncedAt: true,
        masteredIn: true,
        columns: [
          { name: 'reference', type: 'text', value: (r) => r.record.reference },
          { name: 'property_reference', type: 'text', value: (r) => r.record.propertyReference },
          { name: 'priority', type: 'text', value: (r) => r.record.priority },
          { name: 'status', type: 'text', value: (r) => r.record.status },
          { name: 'raised_at', type: 'timestamptz', value: (r) => r.record.raisedAt },
          { name: 'description', type: 'text', value: (r) => r.record.description },
          { name: 'contact_name', type: 'text', value: (r) => r.contactName },
          { name: 'contact_phone', type: 'text', value: (r) => r.contactPhone },
          { name: 'uh_tstamp', type: 'bytea', value: (r) => r.tstamp },
        ],
      },
      records,
      mode,
    );
  },
};
