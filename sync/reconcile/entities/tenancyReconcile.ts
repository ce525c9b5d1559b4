import { tenancyEntity } from '../../backfill/entities/tenancyEntity';
import { FROM } from '../../../stores/uh/readTenancies';
import { selectUhRows, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import { uhDate, uhFlag, uhMoney, uhPropertyRef, uhText } from '../uhNormalisationSql';
import { cloudDate, cloudFlag, cloudMoney } from '../cloudNormalisationSql';

type Tenancy = ReturnType<(typeof tenancyEntity)['map']>['records'][number];

const flag = (value: boolean) => (value ? '1' : '0');

const FIELDS: readonly ReconcileField<Tenancy>[] = [
  {
    name: 'property_reference',
    uh: uhPropertyRef('t.prop_ref'),
    cloud: 'c.property_reference',
    of: (t) => t.record.propertyReference,
  },
  { name: 'house_ref', uh: uhText('t.house_ref'), cloud: 'c.house_ref', of: (t) => t.record.houseRef },
  {
    name: 'tenure_code',
    uh: uhText('t.tenure'),
    cloud: 'c.tenure_code',
    of: (t) => t.record.tenure?.code ?? null,
  },
  {
    // toTenancy describes a tenure only when there is one.
    name: 'tenure_description',
    uh: `CASE WHEN ${uhText('t.tenure')} IS NULL THEN NULL ELSE ${uhText('tt.ten_desc')} END`,
    cloud: 'c.tenure_description',
    of: (t) => t.record.tenure?.description ?? null,
  },
  {
    name: 'start_date',
    uh: uhDate('t.cot'),
    cloud: cloudDate('c.start_date'),
    of: (t) => t.record.startDate,
  },
  { name: 'end_date', uh: uhDate('t.eot'), cloud: cloudDate('c.end_date'), of: (t) => t.record.endDate },
  {
    name: 'is_terminated',
    uh: uhFlag('t.terminated'),
    cloud: cloudFlag('c.is_terminated'),
    of: (t) => flag(t.record.terminated),
  },
  {
    name: 'payment_reference',
    uh: uhText('t.u_saff_rentacc'),
    cloud: 'c.payment_reference',
    of: (t) => t.record.paymentReference,
  },
  { name: 'rent', uh: uhMoney('t.rent'), cloud: cloudMoney('c.rent'), of: (t) => t.record.charges.rent },
  {
    name: 'service_charge',
    uh: uhMoney('t.service'),
    cloud: cloudMoney('c.service_charge'),
    of: (t) => t.record.charges.service,
  },
  {
    name: 'other_charge',
    uh: uhMoney('t.other_charge'),
    cloud: cloudMoney('c.other_charge'),
    of: (t) => t.record.charges.other,
  },
  { name: 'balance', uh: uhMoney('t.cur_bal'), cloud: cloudMoney('c.balance'), of: (t) => t.record.balance },
];

/** dbo.tenagree (+ tenure) against housing.tenancy, keyed by the trimmed tag_ref. */
export const tenancyReconcile: ReconcileEntity<Tenancy> = {
  name: 'tenancy',
  backfill: tenancyEntity,
  uhTable: 'tenagree',
  uhRows: (where) => selectUhRows(tenancyEntity.keyColumns, 'LTRIM(RTRIM(t.tag_ref))', FIELDS, FROM, where),
  cloudFrom: 'housing.tenancy c',
  cloudKey: [{ expr: 'c.reference', type: 'text' }],
  cloudRowKey: 'c.reference',
  toCloudKey: ([tag]) => [String(tag ?? '').trim()],
  fromCloudKey: ([reference]) => [String(reference)],
  isRegularKey: ([tag]) => typeof tag === 'string' && /^\d{1,7}\/\d{2}$/.test(tag),
  rowKeyOf: (t) => t.record.reference,
  fields: FIELDS,
};
