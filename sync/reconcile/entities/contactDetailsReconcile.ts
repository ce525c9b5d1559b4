import { contactDetailsEntity } from '../../backfill/entities/contactDetailsEntity';
import { uhKeyAliases, uhKeyColumns, type ReconcileEntity, type ReconcileField } from '../ReconcileEntity';
import { uhCollapseSpaces, uhInt, uhText } from '../uhNormalisationSql';
import { cloudInt } from '../cloudNormalisationSql';

type ContactDetails = ReturnType<(typeof contactDetailsEntity)['map']>['records'][number];

/**
 * One UH phone field as toContactDetails splits it, rejoined with '/': trimmed, runs of spaces made one,
 * no space beside a '/'. (Parts without a digit, which the mapper drops, stay: such a row hashes apart
 * and the mapper decides.)
 */
function phoneParts(field: string): string {
  return `REPLACE(REPLACE(${uhCollapseSpaces(uhText(field))}, ' /', '/'), '/ ', '/')`;
}

/**
 * Phones are compared by number, in order, '/' between: UH keeps no phone type (it is derived from the
 * number on both sides), so there is nothing else of a phone to compare.
 */
const FIELDS: readonly ReconcileField<ContactDetails>[] = [
  {
    name: 'phones',
    uh: `NULLIF(SUBSTRING(${['x.p1', 'x.p2', 'x.p3'].map((p) => `ISNULL('/' + ${phoneParts(p)}, '')`).join(' + ')}, 2, 8000), '')`,
    cloud: `(SELECT string_agg(a.p->>'number', '/' ORDER BY a.o) FROM jsonb_array_elements(c.phones) WITH ORDINALITY AS a(p, o))`,
    of: (c) => c.details.phones.map((phone) => phone.number).join('/') || null,
  },
  {
    name: 'email',
    uh: `COALESCE(${uhText('x.e1')}, ${uhText('x.e2')})`,
    cloud: 'c.email',
    of: (c) => c.details.email,
  },
  {
    name: 'uh_con_key',
    uh: uhInt('x.ck'),
    cloud: cloudInt('c.uh_con_key'),
    of: (c) => (c.conKey === null ? null : String(c.conKey)),
  },
];

/**
 * Households (dbo.househ) against housing.contact_details, the contacts row chosen as
 * firstContactRowByHousehold chooses it: the lowest con_key reached through the household's tenancies
 * (ROW_NUMBER puts NULL first, so rows without a contact go last).
 */
export const contactDetailsReconcile: ReconcileEntity<ContactDetails> = {
  name: 'contactDetails',
  backfill: contactDetailsEntity,
  uhTable: 'contacts',
  uhRows: (
    where,
  ) => `SELECT ${uhKeyAliases(contactDetailsEntity.keyColumns, 'x')}, x.rk AS rk, ${FIELDS.map((f, i) => `${f.uh} AS f${i}`).join(', ')}
FROM (SELECT ${uhKeyColumns(contactDetailsEntity.keyColumns)}, LTRIM(RTRIM(hh.house_ref)) AS rk, c.con_phone1 AS p1, c.con_phone2 AS p2, c.con_phone3 AS p3,
  c.email_address AS e1, hh.email_address AS e2, c.con_key AS ck,
  ROW_NUMBER() OVER (PARTITION BY hh.house_ref ORDER BY CASE WHEN c.con_key IS NULL THEN 1 ELSE 0 END, c.con_key) AS rn
  FROM dbo.househ hh WITH (NOLOCK)
  LEFT JOIN dbo.tenagree t WITH (NOLOCK) ON t.house_ref = hh.house_ref
  LEFT JOIN dbo.contacts c WITH (NOLOCK) ON c.tag_ref = t.tag_ref
  WHERE ${where}) x WHERE x.rn = 1`,
  cloudFrom: 'housing.contact_details c',
  cloudKey: [{ expr: 'c.house_ref', type: 'text' }],
  cloudRowKey: 'c.house_ref',
  toCloudKey: ([houseRef]) => [String(houseRef ?? '').trim()],
  fromCloudKey: ([houseRef]) => [String(houseRef)],
  isRegularKey: ([houseRef]) => typeof houseRef === 'string' && /^\d{1,10}$/.test(houseRef),
  rowKeyOf: (c) => c.houseRef,
  fields: FIELDS,
};
