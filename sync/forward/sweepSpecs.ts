import type { UhRow } from '../../stores/uh/UhStore';
import type { UhParam, UhParamType } from '../../stores/uh/UhQuery';
import { canonicalPropertyRef, canonicalRef } from '../../stores/uh/canonicalRefs';
import { cleanText } from '../../stores/uh/normalise';
import { formatPersonId } from '../../stores/model/references';
import { HOUSE_REF, INT, PROP_REF, RQ_REF, TAG_REF } from '../../stores/uh/uhTypes';
import type { BackfillEntityName } from '../backfill/BackfillEntity';

/**
 * How the delete sweep compares one entity's keys across the stores. Ranges split the key space on the
 * leading key column (values taken from the cloud); both sides count their rows per range, and only the
 * ranges whose counts differ are compared key by key. UH keys are compared in canonical form, as the
 * entity's mapper makes them (zero-padded references, trimmed codes, NULL key columns as 0).
 */
export interface SweepSpec {
  readonly entity: BackfillEntityName;
  readonly uhTable: string;
  /** `<alias>.<column>` of UH's leading key column, and its parameter type. */
  readonly uhLead: string;
  readonly uhLeadType: UhParamType;
  /** The leading key column is a nullable int that the cloud keeps as 0 when NULL (rtrans). */
  readonly nullAsZero: boolean;
  /**
   * UH rows whose raw key is not in canonical form (a leading space, missing leading zeros): counted in
   * the range of their raw key while the cloud holds them in the range of the canonical one, so both
   * ranges are always compared key by key (null: the key has no other form, or NULL is handled as 0).
   */
  readonly oddKeys: string | null;
  /** The canonical form of a raw leading key value (the range the cloud holds that row in). */
  canonicalLead(raw: string): string | null;
  /** UH's key columns as selected (the FROM is `dbo.<uhTable> <alias>`). */
  readonly uhAlias: string;
  readonly uhKeyColumns: string;
  keyOfUhRow(row: UhRow): string | null;
  readonly cloudTable: string;
  readonly cloudLead: string;
  readonly cloudLeadType: 'text' | 'integer';
  /** The entity key (outbox/conflict/deletion entity_key) as a SQL expression over the cloud table `t`. */
  readonly cloudKey: string;
  /** Rows that came from the cloud and have not reached UH yet: never deleted (null: none can). */
  readonly cloudOnly: string | null;
  /**
   * A UH query finding every row whose canonical key may be one of these (a row whose raw key sorts in
   * another range than its canonical form, e.g. '123' for '00000123' or a leading space): the last check
   * before a cloud row is deleted.
   */
  verify(keys: readonly string[]): { text: string; params: UhParam[] };
}

const CLOUD_WRITTEN = `t.uh_tstamp IS NULL AND t.mastered_in = 'CLOUD'`;

/** '00000123' may be held in UH as '123', '0123', ... (canonicalPropertyRef pads to 8 digits). */
function referenceVariants(key: string): string[] {
  if (!/^\d{8}$/.test(key)) return [key];
  const digits = key.replace(/^0+(?=\d)/, '');
  const variants: string[] = [];
  for (let width = digits.length; width <= 8; width += 1) variants.push(digits.padStart(width, '0'));
  return variants;
}

/** `col IN (...) OR col LIKE ' %'`: leading-space keys (an application fault) are found by a prefix seek. */
function verifyByValues(
  table: string,
  alias: string,
  column: string,
  select: string,
  type: UhParamType,
  values: readonly string[],
): { text: string; params: UhParam[] } {
  const params: UhParam[] = [...new Set(values)].map((value, i) => ({ ...type, name: `v${i}`, value }));
  return {
    text: `SELECT ${select} FROM dbo.${table} ${alias} WHERE ${alias}.${column} IN (${params.map((p) => `@${p.name}`).join(', ')}) OR ${alias}.${column} LIKE ' %'`,
    params,
  };
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const SWEEP_SPECS: readonly SweepSpec[] = [
  {
    entity: 'tenureType',
    uhTable: 'tenure',
    uhAlias: 'tt',
    uhLead: 'tt.ten_type',
    uhLeadType: { type: 'char', length: 3 },
    nullAsZero: false,
    oddKeys: `tt.ten_type LIKE ' %'`,
    canonicalLead: cleanText,
    uhKeyColumns: 'tt.ten_type',
    keyOfUhRow: (row) => cleanText(str(row.ten_type)),
    cloudTable: 'housing.tenure_type',
    cloudLead: 'code',
    cloudLeadType: 'text',
    cloudKey: 't.code',
    cloudOnly: null,
    verify: (keys) =>
      verifyByValues('tenure', 'tt', 'ten_type', 'tt.ten_type', { type: 'char', length: 3 }, keys),
  },
  {
    entity: 'property',
    uhTable: 'property',
    uhAlias: 'p',
    uhLead: 'p.prop_ref',
    uhLeadType: PROP_REF,
    nullAsZero: false,
    oddKeys: `p.prop_ref LIKE ' %' OR LEN(p.prop_ref) < 8`,
    canonicalLead: canonicalPropertyRef,
    uhKeyColumns: 'p.prop_ref',
    keyOfUhRow: (row) => canonicalPropertyRef(str(row.prop_ref)),
    cloudTable: 'housing.property',
    cloudLead: 'reference',
    cloudLeadType: 'text',
    cloudKey: 't.reference',
    cloudOnly: CLOUD_WRITTEN,
    verify: (keys) =>
      verifyByValues('property', 'p', 'prop_ref', 'p.prop_ref', PROP_REF, keys.flatMap(referenceVariants)),
  },
  {
    entity: 'tenancy',
    uhTable: 'tenagree',
    uhAlias: 't',
    uhLead: 't.tag_ref',
    uhLeadType: TAG_REF,
    nullAsZero: false,
    oddKeys: `t.tag_ref LIKE ' %'`,
    canonicalLead: cleanText,
    uhKeyColumns: 't.tag_ref',
    keyOfUhRow: (row) => cleanText(str(row.tag_ref)),
    cloudTable: 'housing.tenancy',
    cloudLead: 'reference',
    cloudLeadType: 'text',
    cloudKey: 't.reference',
    cloudOnly: CLOUD_WRITTEN,
    verify: (keys) => verifyByValues('tenagree', 't', 'tag_ref', 't.tag_ref', TAG_REF, keys),
  },
  {
    entity: 'member',
    uhTable: 'member',
    uhAlias: 'm',
    uhLead: 'm.house_ref',
    uhLeadType: HOUSE_REF,
    nullAsZero: false,
    oddKeys: `m.house_ref LIKE ' %'`,
    canonicalLead: canonicalRef,
    uhKeyColumns: 'm.house_ref, m.person_no',
    keyOfUhRow: (row) => {
      const houseRef = canonicalRef(str(row.house_ref));
      return houseRef === null ? null : formatPersonId(houseRef, Number(row.person_no));
    },
    cloudTable: 'housing.household_member',
    cloudLead: 'house_ref',
    cloudLeadType: 'text',
    cloudKey: 't.id',
    cloudOnly: CLOUD_WRITTEN,
    // A member id is '<house_ref>-<person_no>'; house_ref itself holds no '-'.
    verify: (keys) =>
      verifyByValues(
        'member',
        'm',
        'house_ref',
        'm.house_ref, m.person_no',
        HOUSE_REF,
        keys.map((key) => key.slice(0, key.lastIndexOf('-'))),
      ),
  },
  {
    entity: 'contactDetails',
    uhTable: 'househ',
    uhAlias: 'h',
    uhLead: 'h.house_ref',
    uhLeadType: HOUSE_REF,
    nullAsZero: false,
    oddKeys: `h.house_ref LIKE ' %'`,
    canonicalLead: canonicalRef,
    uhKeyColumns: 'h.house_ref',
    keyOfUhRow: (row) => canonicalRef(str(row.house_ref)),
    cloudTable: 'housing.contact_details',
    cloudLead: 'house_ref',
    cloudLeadType: 'text',
    cloudKey: 't.house_ref',
    cloudOnly: CLOUD_WRITTEN,
    verify: (keys) => verifyByValues('househ', 'h', 'house_ref', 'h.house_ref', HOUSE_REF, keys),
  },
  {
    entity: 'repairRequest',
    uhTable: 'rmreqst',
    uhAlias: 'r',
    uhLead: 'r.rq_ref',
    uhLeadType: RQ_REF,
    nullAsZero: false,
    oddKeys: `r.rq_ref LIKE ' %' OR LEN(r.rq_ref) < 8`,
    canonicalLead: canonicalPropertyRef,
    uhKeyColumns: 'r.rq_ref',
    keyOfUhRow: (row) => canonicalPropertyRef(str(row.rq_ref)),
    cloudTable: 'repairs.repair_request',
    cloudLead: 'reference',
    cloudLeadType: 'text',
    cloudKey: 't.reference',
    cloudOnly: CLOUD_WRITTEN,
    verify: (keys) =>
      verifyByValues('rmreqst', 'r', 'rq_ref', 'r.rq_ref', RQ_REF, keys.flatMap(referenceVariants)),
  },
  {
    entity: 'rentTransaction',
    uhTable: 'rtrans',
    uhAlias: 't',
    uhLead: 't.batchid',
    uhLeadType: INT,
    nullAsZero: true,
    oddKeys: null,
    canonicalLead: (raw) => raw,
    uhKeyColumns:
      'ISNULL(t.batchid, 0) AS k1, ISNULL(t.transno, 0) AS k2, ISNULL(t.line_no, 0) AS k3, ISNULL(t.line_segno, 0) AS k4',
    keyOfUhRow: (row) => [row.k1, row.k2, row.k3, row.k4].map((k) => Number(k)).join('|'),
    cloudTable: 'finance.rent_transaction',
    cloudLead: 'batch_id',
    cloudLeadType: 'integer',
    cloudKey: `t.batch_id || '|' || t.trans_no || '|' || t.line_no || '|' || t.line_segno`,
    cloudOnly: null,
    verify: (keys) => {
      const batches = [...new Set(keys.map((key) => Number(key.split('|')[0])))];
      const params: UhParam[] = batches.map((value, i) => ({ ...INT, name: `v${i}`, value }));
      return {
        text: `SELECT ISNULL(t.batchid, 0) AS k1, ISNULL(t.transno, 0) AS k2, ISNULL(t.line_no, 0) AS k3, ISNULL(t.line_segno, 0) AS k4
FROM dbo.rtrans t WHERE t.batchid IN (${params.map((p) => `@${p.name}`).join(', ')}) OR t.batchid IS NULL`,
        params,
      };
    },
  },
];
