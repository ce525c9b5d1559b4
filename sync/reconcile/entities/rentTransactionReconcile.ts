import { rentTransactionEntity } from '../../backfill/entities/rentTransactionEntity';
import { FROM } from '../../../stores/uh/readTransactions';
import { selectUhRows, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import { uhDate, uhMoney, uhText } from '../uhNormalisationSql';
import { cloudDate, cloudMoney } from '../cloudNormalisationSql';

type Transaction = ReturnType<(typeof rentTransactionEntity)['map']>['records'][number];

const FIELDS: readonly ReconcileField<Transaction>[] = [
  {
    name: 'tenancy_reference',
    uh: uhText('t.tag_ref'),
    cloud: 'c.tenancy_reference',
    of: (t) => t.tenancyReference,
  },
  {
    name: 'posted_date',
    uh: uhDate('t.post_date'),
    cloud: cloudDate('c.posted_date'),
    of: (t) => t.record.date,
  },
  {
    name: 'type_code',
    uh: `ISNULL(${uhText('t.trans_type')}, '')`,
    cloud: 'c.type_code',
    of: (t) => t.record.type.code,
  },
  {
    name: 'type_description',
    uh: uhText('COALESCE(d.deb_desc, rc.rec_desc)'),
    cloud: 'c.type_description',
    of: (t) => t.record.type.description,
  },
  {
    name: 'amount',
    uh: `ISNULL(${uhMoney('t.real_value')}, '0.00')`,
    cloud: cloudMoney('c.amount'),
    of: (t) => t.record.amount,
  },
  { name: 'reference', uh: uhText('t.trans_ref'), cloud: 'c.reference', of: (t) => t.record.reference },
];

const KEY_TEXT = ['t.batchid', 't.transno', 't.line_no', 't.line_segno']
  .map((column) => `CONVERT(varchar(12), ISNULL(${column}, 0))`)
  .join(" + '|' + ");

/** dbo.rtrans against finance.rent_transaction, keyed by rtrans01's four columns (NULL read as 0). */
export const rentTransactionReconcile: ReconcileEntity<Transaction> = {
  name: 'rentTransaction',
  backfill: rentTransactionEntity,
  uhTable: 'rtrans',
  uhRows: (where) => selectUhRows(rentTransactionEntity.keyColumns, KEY_TEXT, FIELDS, FROM, where),
  cloudFrom: 'finance.rent_transaction c',
  cloudKey: [
    { expr: 'c.batch_id', type: 'integer' },
    { expr: 'c.trans_no', type: 'integer' },
    { expr: 'c.line_no', type: 'integer' },
    { expr: 'c.line_segno', type: 'integer' },
  ],
  cloudRowKey: `c.batch_id || '|' || c.trans_no || '|' || c.line_no || '|' || c.line_segno`,
  toCloudKey: (key) => key.map((value) => Number(value ?? 0)),
  fromCloudKey: (values) => values.map((value) => Number(value)),
  isRegularKey: (key) => key.every((value) => typeof value === 'number'),
  rowKeyOf: (t) => t.key.join('|'),
  fields: FIELDS,
};
