import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows, tstampOf } from '../mapRows';
import { upsertRows } from '../upsertRows';
import { COLUMNS, FROM, toTransaction, type TransactionRow } from '../../../stores/uh/readTransactions';
import { cleanText } from '../../../stores/uh/normalise';

const NO_DATE = '1900-01-01';

type Row = TransactionRow & {
  batchid: number | null;
  transno: number | null;
  line_no: number | null;
  line_segno: number | null;
  tstamp: Buffer;
};

interface Transaction {
  readonly record: ReturnType<typeof toTransaction>;
  readonly tenancyReference: string;
  readonly key: readonly [number, number, number, number];
  readonly tstamp: Buffer | null;
}

/** rtrans01, rtrans's unique index; its columns are nullable (NULL sorts first, as SQL Server orders it). */
const KEY = [
  { expr: 't.batchid', alias: 'batchid', type: { type: 'int' } },
  { expr: 't.transno', alias: 'transno', type: { type: 'int' } },
  { expr: 't.line_no', alias: 'line_no', type: { type: 'int' } },
  { expr: 't.line_segno', alias: 'line_segno', type: { type: 'numeric', precision: 2, scale: 0 } },
] as const;
const SELECT: EntitySelect = {
  columns: `${COLUMNS}, t.batchid, t.transno, t.line_no, t.line_segno, t.tstamp`,
  from: FROM,
  alias: 't',
  joinedRowversions: ['d.tstamp', 'rc.tstamp'],
};

/**
 * dbo.rtrans -> finance.rent_transaction, through the legacy store's own columns and toTransaction (type
 * description from debtype/rectype, money exact, key columns ISNULL -> 0 as the graph's cursors use them).
 * The graph shows a transaction with no posting date as 1900-01-01; the cloud model has no such date, so
 * those rows are rejected, as are rows with no tenancy.
 */
export const rentTransactionEntity: BackfillEntity<Row, Transaction> = {
  name: 'rentTransaction',
  table: 'rtrans',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) =>
    `SELECT TOP (@n) ${SELECT.columns} FROM ${SELECT.from} WHERE ${where} ORDER BY t.batchid, t.transno, t.line_no, t.line_segno`,
  map: (rows) =>
    mapRows(
      KEY,
      rows,
      (row) => {
        const tenancyReference = cleanText(row.tag_ref);
        if (tenancyReference === null) return 'transaction has no tenancy reference (blank tag_ref)';
        const record = toTransaction(row);
        // toTransaction shows a missing or placeholder post_date as 1900-01-01, itself a placeholder, so
        // that date means "none" here (and calling cleanDate again would double its cost on 1M rows).
        if (record.date === NO_DATE) return 'transaction has no posting date';
        return {
          record,
          tenancyReference,
          key: [Number(row.k1), Number(row.k2), Number(row.k3), Number(row.k4)] as const,
          tstamp: tstampOf(row.tstamp),
        };
      },
      (t) => t.key.join('|'),
    ),
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'finance.rent_transaction',
        key: ['batch_id', 'trans_no', 'line_no', 'line_segno'],
        syncedAt: true,
        columns: [
          { name: 'batch_id', type: 'integer', value: (t) => t.key[0] },
          { name: 'trans_no', type: 'integer', value: (t) => t.key[1] },
          { name: 'line_no', type: 'integer', value: (t) => t.key[2] },
          { name: 'line_segno', type: 'integer', value: (t) => t.key[3] },
          { name: 'tenancy_reference', type: 'text', value: (t) => t.tenancyReference },
          { name: 'posted_date', type: 'date', value: (t) => t.record.date },
          { name: 'type_code', type: 'text', value: (t) => t.record.type.code },
          { name: 'type_description', type: 'text', value: (t) => t.record.type.description },
          { name: 'amount', type: 'numeric', value: (t) => t.record.amount },
          { name: 'reference', type: 'text', value: (t) => t.record.reference },
          { name: 'uh_tstamp', type: 'bytea', value: (t) => t.tstamp },
        ],
      },
      records,
      mode,
    );
  },
};
