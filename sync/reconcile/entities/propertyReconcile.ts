import { propertyEntity } from '../../backfill/entities/propertyEntity';
import { PROPERTY_FROM } from '../../../stores/uh/readProperties';
import { LEVEL_BY_CODE } from '../../../stores/uh/codeLists';
import { uhKeyAliases, uhKeyColumns, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import {
  uhCodeList,
  uhFlag,
  uhInt,
  uhNthNonNull,
  uhPostcode,
  uhPropertyRef,
  uhText,
  uhUprn,
} from '../uhNormalisationSql';
import { cloudFlag, cloudInt } from '../cloudNormalisationSql';

type Property = ReturnType<(typeof propertyEntity)['map']>['records'][number];

/** composeAddress's candidates in order: preamble, door + street, area, town, extra (x.a1 .. x.a5). */
const CANDIDATES = ['x.a1', 'x.a2', 'x.a3', 'x.a4', 'x.a5'];
const line = (n: number): ReconcileField<Property> => ({
  name: `address_line${n}`,
  uh: uhNthNonNull(n, CANDIDATES),
  cloud: `c.address_line${n}`,
  of: (p) =>
    [p.record.address.line1, p.record.address.line2, p.record.address.line3, p.record.address.line4][n - 1] ??
    null,
});

const FIELDS: readonly ReconcileField<Property>[] = [
  { name: 'level', uh: 'x.lvl', cloud: 'c.level', of: (p) => p.record.level },
  { name: 'level_code', uh: 'x.lvc', cloud: 'c.level_code', of: (p) => p.record.levelCode },
  line(1),
  line(2),
  line(3),
  line(4),
  { name: 'postcode', uh: 'x.pc', cloud: 'c.postcode', of: (p) => p.record.address.postcode },
  { name: 'uprn', uh: 'x.uprn', cloud: 'c.uprn', of: (p) => p.record.uprn },
  {
    name: 'number_of_bedrooms',
    uh: 'x.beds',
    cloud: cloudInt('c.number_of_bedrooms'),
    of: (p) => (p.record.numberOfBedrooms === null ? null : String(p.record.numberOfBedrooms)),
  },
  {
    name: 'parent_reference',
    uh: 'x.parent',
    cloud: 'c.parent_reference',
    of: (p) => p.record.parentReference,
  },
  { name: 'house_ref', uh: 'x.hr', cloud: 'c.house_ref', of: (p) => p.houseRef },
  {
    name: 'no_maintenance',
    uh: 'x.nm',
    cloud: cloudFlag('c.no_maintenance'),
    of: (p) => (p.noMaintenance ? '1' : '0'),
  },
];

const desig = uhText('p.post_desig');
const street = uhText('pc.aline1');

/**
 * dbo.property (+ postcode) against housing.property. The inner SELECT normalises each column once; the
 * outer one places the address candidates on lines as composeAddress does (the k-th non-blank).
 */
export const propertyReconcile: ReconcileEntity<Property> = {
  name: 'property',
  backfill: propertyEntity,
  uhTable: 'property',
  uhRows: (
    where,
  ) => `SELECT ${uhKeyAliases(propertyEntity.keyColumns, 'x')}, x.rk AS rk, ${FIELDS.map((f, i) => `${f.uh} AS f${i}`).join(', ')}
FROM (SELECT ${uhKeyColumns(propertyEntity.keyColumns)}, ISNULL(${uhPropertyRef('p.prop_ref')}, '') AS rk,
  ${uhCodeList('p.level_code', LEVEL_BY_CODE, 'OTHER')} AS lvl, ${uhText('p.level_code')} AS lvc,
  ${uhText('p.post_preamble')} AS a1,
  NULLIF(LTRIM(ISNULL(${desig}, '') + ISNULL(' ' + ${street}, '')), '') AS a2,
  ${uhText('pc.aline2')} AS a3, ${uhText('pc.aline3')} AS a4, ${uhText('pc.aline4')} AS a5,
  ${uhPostcode('p.post_code')} AS pc, ${uhUprn('p.u_llpg_ref')} AS uprn, ${uhInt('p.num_bedrooms')} AS beds,
  ${uhPropertyRef('p.major_ref')} AS parent, ${uhText('p.house_ref')} AS hr, ${uhFlag('p.no_maint')} AS nm
  FROM ${PROPERTY_FROM} WHERE ${where}) x`,
  cloudFrom: 'housing.property c',
  cloudKey: [{ expr: 'c.reference', type: 'text' }],
  cloudRowKey: 'c.reference',
  toCloudKey: ([ref]) => [String(ref ?? '').trim()],
  fromCloudKey: ([reference]) => [String(reference)],
  isRegularKey: ([ref]) => typeof ref === 'string' && /^\d{8}$/.test(ref),
  rowKeyOf: (p) => p.record.reference,
  fields: FIELDS,
};
