import { repairRequestEntity } from '../../backfill/entities/repairRequestEntity';
import { PRIORITY_BY_CODE } from '../../../stores/uh/codeLists';
import { selectUhRows, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import { uhCodeList, uhCollapseSpaces, uhDateTime, uhPropertyRef, uhText } from '../uhNormalisationSql';
import { cloudDateTime } from '../cloudNormalisationSql';

type Repair = ReturnType<(typeof repairRequestEntity)['map']>['records'][number];

/** An ISO instant ('2024-01-03T10:15:00.000Z') as style 121 writes it ('2024-01-03 10:15:00.000'). */
function style121(iso: string | null): string | null {
  return iso === null ? null : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

const FIELDS: readonly ReconcileField<Repair>[] = [
  {
    name: 'property_reference',
    uh: uhPropertyRef('r.prop_ref'),
    cloud: 'c.property_reference',
    of: (r) => r.record.propertyReference,
  },
  {
    name: 'priority',
    uh: uhCodeList('r.rq_priority', PRIORITY_BY_CODE, null),
    cloud: 'c.priority',
    of: (r) => r.record.priority,
  },
  { name: 'status', uh: uhText('r.rq_status'), cloud: 'c.status', of: (r) => r.record.status },
  {
    name: 'raised_at',
    uh: uhDateTime('r.rq_date'),
    cloud: cloudDateTime('c.raised_at'),
    of: (r) => style121(r.record.raisedAt),
  },
  {
    name: 'description',
    uh: uhText('r.rq_problem', true),
    cloud: 'c.description',
    of: (r) => r.record.description,
  },
  {
    name: 'contact_name',
    uh: uhCollapseSpaces(uhText('r.rq_name')),
    cloud: 'c.contact_name',
    of: (r) => r.contactName,
  },
  {
    name: 'contact_phone',
    uh: uhCollapseSpaces(uhText('r.rq_phone', true)),
    cloud: 'c.contact_phone',
    of: (r) => r.contactPhone,
  },
];

/** dbo.rmreqst against repairs.repair_request, keyed by the zero-padded rq_ref. */
export const repairRequestReconcile: ReconcileEntity<Repair> = {
  name: 'repairRequest',
  backfill: repairRequestEntity,
  uhTable: 'rmreqst',
  uhRows: (where) =>
    selectUhRows(
      repairRequestEntity.keyColumns,
      `ISNULL(${uhPropertyRef('r.rq_ref')}, '')`,
      FIELDS,
      'dbo.rmreqst r WITH (NOLOCK)',
      where,
    ),
  cloudFrom: 'repairs.repair_request c',
  cloudKey: [{ expr: 'c.reference', type: 'text' }],
  cloudRowKey: 'c.reference',
  toCloudKey: ([ref]) => [String(ref ?? '').trim()],
  fromCloudKey: ([reference]) => [String(reference)],
  isRegularKey: ([ref]) => typeof ref === 'string' && /^\d{8}$/.test(ref),
  rowKeyOf: (r) => r.record.reference,
  fields: FIELDS,
};
