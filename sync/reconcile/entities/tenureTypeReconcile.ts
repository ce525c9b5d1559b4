import { tenureTypeEntity } from '../../backfill/entities/tenureTypeEntity';
import { selectUhRows, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import { uhFlag, uhText } from '../uhNormalisationSql';
import { cloudFlag } from '../cloudNormalisationSql';

type TenureType = ReturnType<(typeof tenureTypeEntity)['map']>['records'][number];

const FIELDS: readonly ReconcileField<TenureType>[] = [
  { name: 'description', uh: uhText('tt.ten_desc'), cloud: 'c.description', of: (t) => t.description },
  {
    name: 'is_leasehold',
    uh: uhFlag('tt.leasehold'),
    cloud: cloudFlag('c.is_leasehold'),
    of: (t) => (t.isLeasehold ? '1' : '0'),
  },
  {
    name: 'is_secure',
    uh: uhFlag('tt.ten_secure'),
    cloud: cloudFlag('c.is_secure'),
    of: (t) => (t.isSecure ? '1' : '0'),
  },
];

/** UH's tenure lookup against housing.tenure_type. */
export const tenureTypeReconcile: ReconcileEntity<TenureType> = {
  name: 'tenureType',
  backfill: tenureTypeEntity,
  uhTable: 'tenure',
  uhRows: (where) =>
    selectUhRows(
      tenureTypeEntity.keyColumns,
      `ISNULL(${uhText('tt.ten_type')}, '')`,
      FIELDS,
      'dbo.tenure tt WITH (NOLOCK)',
      where,
    ),
  cloudFrom: 'housing.tenure_type c',
  cloudKey: [{ expr: 'c.code', type: 'text' }],
  cloudRowKey: 'c.code',
  toCloudKey: ([code]) => [String(code ?? '').trim()],
  fromCloudKey: ([code]) => [String(code)],
  isRegularKey: ([code]) => typeof code === 'string' && /^[A-Z0-9]{1,3}$/.test(code),
  rowKeyOf: (t) => t.code,
  fields: FIELDS,
};
