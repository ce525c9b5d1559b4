import type { BackfillEntityName } from '../backfill/BackfillEntity';
import type { UhRow } from '../../stores/uh/UhStore';
import { canonicalPropertyRef, canonicalRef } from '../../stores/uh/canonicalRefs';
import { cleanText } from '../../stores/uh/normalise';
import { formatPersonId } from '../../stores/model/references';
import type { GraphEntity } from './entityPhases';

/** A text field the cloud may hold exactly while UH holds a nearest value (sync.lossy_text `field`). */
export interface LossyField {
  get(record: unknown): string | null;
  set(record: unknown, value: string): unknown;
}

/**
 * Where one backfill entity's records land in the cloud, as forward capture needs to know it: the key
 * (the outbox's, conflict's and deletion's `entity_key`: key values joined by '|'), the UH version the
 * record was read at, and the text fields reverse sync may have written lossily.
 */
export interface ForwardTarget {
  readonly entity: BackfillEntityName;
  /** The graph entity whose phase decides who wins a conflict. */
  readonly graphEntity: GraphEntity;
  readonly cloudTable: string;
  /** The cloud table's primary key columns and their PostgreSQL types. */
  readonly key: readonly { readonly column: string; readonly type: string }[];
  keyOf(record: unknown): readonly (string | number)[];
  /** The same key from a UH row as the entity's mapper would give it; null for a row it rejects. */
  keyOfRow(row: UhRow): string | null;
  /** The UH rowversion the record carries (null: the cloud table keeps none, or no row behind it). */
  tstampOf(record: unknown): Buffer | null;
  /** The cloud table has uh_tstamp (a version to compare). */
  readonly hasRowversion: boolean;
  /**
   * When the record may come from one of several UH rows (contact details: the household's first contacts
   * row), the cloud column naming that row: versions of different rows say nothing about which is newer.
   */
  readonly versionScope?: { readonly column: string; of(record: unknown): unknown };
  /**
   * The cloud may write this entity itself (its table has mastered_in; today contact details, repairs and
   * tenancies have outbox writes): forward capture locks its rows and checks the outbox before writing.
   * The others (code lists, rent transactions) only ever come from UH and skip both. Writable entities
   * have one text key column.
   */
  readonly cloudWritable: boolean;
  /** By the field names reverse sync records in sync.lossy_text (the outbox payload's names). */
  readonly lossyFields: Readonly<Record<string, LossyField>>;
}

export function entityKey(target: ForwardTarget, record: unknown): string {
  return target.keyOf(record).join('|');
}

type Rec = Record<string, unknown>;
const inner = (record: unknown): Rec => (record as { record: Rec }).record;
const version = (record: unknown): Buffer | null => {
  const tstamp = (record as { tstamp?: unknown }).tstamp;
  return Buffer.isBuffer(tstamp) ? tstamp : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const trimmed = (value: unknown): string | null => cleanText(typeof value === 'string' ? value : null);

/** A field of the graph record inside a mapped record ({ record: {...}, ... }). */
function recordField(name: string): LossyField {
  return {
    get: (record) => text(inner(record)[name]),
    set: (record, value) => ({ ...(record as Rec), record: { ...inner(record), [name]: value } }),
  };
}

/** A field of the mapped record itself. */
function ownField(name: string): LossyField {
  return {
    get: (record) => text((record as Rec)[name]),
    set: (record, value) => ({ ...(record as Rec), [name]: value }),
  };
}

const TEXT_KEY = (column: string) => [{ column, type: 'text' }];

export const FORWARD_TARGETS: Readonly<Record<BackfillEntityName, ForwardTarget>> = {
  tenureType: {
    entity: 'tenureType',
    graphEntity: 'tenancy',
    cloudTable: 'housing.tenure_type',
    key: TEXT_KEY('code'),
    keyOf: (r) => [String((r as Rec).code)],
    keyOfRow: (row) => trimmed(row.ten_type),
    tstampOf: () => null,
    hasRowversion: false,
    cloudWritable: false,
    lossyFields: {},
  },
  property: {
    entity: 'property',
    graphEntity: 'property',
    cloudTable: 'housing.property',
    key: TEXT_KEY('reference'),
    keyOf: (r) => [String(inner(r).reference)],
    keyOfRow: (row) => canonicalPropertyRef(text(row.prop_ref)),
    tstampOf: version,
    hasRowversion: true,
    cloudWritable: true,
    lossyFields: {},
  },
  tenancy: {
    entity: 'tenancy',
    graphEntity: 'tenancy',
    cloudTable: 'housing.tenancy',
    key: TEXT_KEY('reference'),
    keyOf: (r) => [String(inner(r).reference)],
    keyOfRow: (row) => trimmed(row.tag_ref),
    tstampOf: version,
    hasRowversion: true,
    cloudWritable: true,
    lossyFields: {},
  },
  member: {
    entity: 'member',
    graphEntity: 'person',
    cloudTable: 'housing.household_member',
    key: TEXT_KEY('id'),
    keyOf: (r) => [String(inner(r).id)],
    keyOfRow: (row) => {
      const houseRef = canonicalRef(text(row.house_ref));
      return houseRef === null ? null : formatPersonId(houseRef, Number(row.person_no));
    },
    tstampOf: version,
    hasRowversion: true,
    cloudWritable: true,
    lossyFields: {},
  },
  contactDetails: {
    entity: 'contactDetails',
    graphEntity: 'person',
    cloudTable: 'housing.contact_details',
    key: TEXT_KEY('house_ref'),
    keyOf: (r) => [String((r as Rec).houseRef)],
    keyOfRow: (row) => canonicalRef(text(row.house_ref)),
    tstampOf: version,
    hasRowversion: true,
    versionScope: { column: 'uh_con_key', of: (r) => (r as Rec).conKey },
    cloudWritable: true,
    lossyFields: {
      email: {
        get: (record) => text(((record as Rec).details as Rec).email),
        set: (record, value) => ({
          ...(record as Rec),
          details: { ...((record as Rec).details as Rec), email: value },
        }),
      },
    },
  },
  repairRequest: {
    entity: 'repairRequest',
    graphEntity: 'repairRequest',
    cloudTable: 'repairs.repair_request',
    key: TEXT_KEY('reference'),
    keyOf: (r) => [String(inner(r).reference)],
    keyOfRow: (row) => canonicalPropertyRef(text(row.rq_ref)),
    tstampOf: version,
    hasRowversion: true,
    cloudWritable: true,
    lossyFields: {
      description: recordField('description'),
      contactName: ownField('contactName'),
      contactPhone: ownField('contactPhone'),
    },
  },
  rentTransaction: {
    entity: 'rentTransaction',
    graphEntity: 'tenancy',
    cloudTable: 'finance.rent_transaction',
    key: ['batch_id', 'trans_no', 'line_no', 'line_segno'].map((column) => ({ column, type: 'integer' })),
    keyOf: (r) => (r as { key: readonly number[] }).key,
    keyOfRow: (row) => [row.k1, row.k2, row.k3, row.k4].map((k) => Number(k)).join('|'),
    tstampOf: version,
    hasRowversion: true,
    cloudWritable: false,
    lossyFields: {},
  },
};
