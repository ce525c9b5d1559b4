import { memberEntity } from '../../backfill/entities/memberEntity';
import { selectUhRows, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import { uhDate, uhFlag, uhText } from '../uhNormalisationSql';
import { cloudDate, cloudFlag } from '../cloudNormalisationSql';

type Member = ReturnType<(typeof memberEntity)['map']>['records'][number];

const FIELDS: readonly ReconcileField<Member>[] = [
  { name: 'title', uh: uhText('m.title'), cloud: 'c.title', of: (m) => m.record.title },
  { name: 'first_name', uh: uhText('m.forename'), cloud: 'c.first_name', of: (m) => m.record.firstName },
  { name: 'surname', uh: uhText('m.surname'), cloud: 'c.surname', of: (m) => m.record.surname },
  {
    name: 'date_of_birth',
    uh: uhDate('m.dob'),
    cloud: cloudDate('c.date_of_birth'),
    of: (m) => m.record.dateOfBirth,
  },
  {
    name: 'is_responsible',
    uh: uhFlag('m.responsible'),
    cloud: cloudFlag('c.is_responsible'),
    of: (m) => (m.record.isResponsible ? '1' : '0'),
  },
];

/** dbo.member against housing.household_member, keyed by the person id '<house_ref>-<person_no>'. */
export const memberReconcile: ReconcileEntity<Member> = {
  name: 'member',
  backfill: memberEntity,
  uhTable: 'member',
  uhRows: (where) =>
    selectUhRows(
      memberEntity.keyColumns,
      `ISNULL(${uhText('m.house_ref')}, '') + '-' + CONVERT(varchar(3), m.person_no)`,
      FIELDS,
      'dbo.member m WITH (NOLOCK)',
      where,
    ),
  cloudFrom: 'housing.household_member c',
  cloudKey: [
    { expr: 'c.house_ref', type: 'text' },
    { expr: 'c.person_no', type: 'smallint' },
  ],
  cloudRowKey: 'c.id',
  toCloudKey: ([houseRef, personNo]) => [String(houseRef ?? '').trim(), Number(personNo)],
  fromCloudKey: ([houseRef, personNo]) => [String(houseRef), Number(personNo)],
  isRegularKey: ([houseRef, personNo]) =>
    typeof houseRef === 'string' && /^\d{1,10}$/.test(houseRef) && typeof personNo === 'number',
  rowKeyOf: (m) => m.record.id,
  fields: FIELDS,
};
