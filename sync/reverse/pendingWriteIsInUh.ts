import type { UhQuery } from '../../stores/uh/UhQuery';
import type { UhTransaction } from '../../stores/uh/UhStore';
import { canonicalRef } from '../../stores/uh/canonicalRefs';
import { firstContactRowByHousehold, type HouseholdContactRow } from '../../stores/uh/readPeople';
import { isOutboxEntity, OUTBOX_OPERATION, parseOutboxPayload, type OutboxEntity } from './outboxPayloads';
import {
  contactDetailsImageQuery,
  contactDetailsInUh,
  type ContactImageRow,
} from './images/contactDetailsImage';
import { repairRequestImageQuery, repairRequestInUh, type RepairImageRow } from './images/repairRequestImage';
import { tenancyEndInUh, tenancyImageQuery, type TenancyImageRow } from './images/tenancyImage';

/**
 * The "UH image" check forward capture uses to tell an echo from a conflict: a UH change arrives for a key
 * with a PENDING outbox row; if UH now holds exactly what that row would write, it is the reverse
 * direction's own write whose marking was lost to a crash (skip it), otherwise both sides changed it (a
 * conflict). The reverse direction makes the same check before every write, so applying a row twice
 * writes once.
 *
 * `entity` and `payload` are the outbox row's (sync.outbox entity, payload); `uhRow` is the UH row as
 * uhImageQuery selects it for the row's entity_key (readUhImages does both), or null/undefined when UH has
 * no such row. Values are compared as the graph would read them (trimmed, blanks as none, text as the nearest
 * value UH can hold, datetimes to UH's 1/300 s), so padding or a lossy substitute is never a difference.
 * A payload that is not of its entity's shape is never "in UH" (false).
 *
 * Columns the row needs, per entity:
 * - contactDetails: con_phone1, con_phone2, con_phone3, email_address (of the contacts row the graph reads,
 *   NULL when none), house_email (househ.email_address): the backfill's HOUSEHOLD_CONTACT_COLUMNS after
 *   firstContactRowByHousehold.
 * - repairRequest: prop_ref, rq_priority, rq_status, rq_date, rq_problem, rq_name, rq_phone (dbo.rmreqst).
 * - tenancy: eot, terminated (dbo.tenagree).
 */
export function pendingWriteIsInUh(
  entity: string,
  payload: unknown,
  uhRow: object | null | undefined,
): boolean {
  if (!isOutboxEntity(entity)) return false;
  const parsed = parseOutboxPayload(entity, OUTBOX_OPERATION[entity], keyOf(entity, payload), payload);
  if ('problem' in parsed) return false;
  const row = uhRow ?? null;
  switch (parsed.entity) {
    case 'contactDetails':
      return contactDetailsInUh(parsed.payload, row as ContactImageRow | null);
    case 'repairRequest':
      return repairRequestInUh(parsed.payload, row as RepairImageRow | null);
    case 'tenancy':
      return tenancyEndInUh(parsed.payload, row as TenancyImageRow | null);
  }
}

function keyOf(entity: OutboxEntity, payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  const key = entity === 'contactDetails' ? p.houseRef : p.reference;
  return typeof key === 'string' ? key : '';
}

/**
 * The UH SELECT for the image rows of several keys of one entity (outbox entity_key values: house_ref,
 * rq_ref, tag_ref; at most MAX_PARAMS_PER_REQUEST), with each row's rowversion as `tstamp`. Parameterized,
 *: run it after reading MIN_ACTIVE_ROWVERSION() as forward's poll does, or inside a
 * transaction that holds the rows.
 */
export function uhImageQuery(entity: OutboxEntity, keys: readonly string[]): UhQuery {
  switch (entity) {
    case 'contactDetails':
      return contactDetailsImageQuery(keys);
    case 'repairRequest':
      return repairRequestImageQuery(keys);
    case 'tenancy':
      return tenancyImageQuery(keys);
  }
}

export type UhImageRow = (ContactImageRow | RepairImageRow | TenancyImageRow) & {
  readonly tstamp: Buffer | null;
};

/** Run uhImageQuery and key its rows by outbox entity_key (keys UH does not have are absent). */
export async function readUhImages(
  uh: UhTransaction,
  entity: OutboxEntity,
  keys: readonly string[],
): Promise<Map<string, UhImageRow>> {
  const rows = await uh.query<Record<string, unknown>>(uhImageQuery(entity, keys));
  const result = new Map<string, UhImageRow>();
  switch (entity) {
    case 'contactDetails':
      for (const [houseRef, row] of firstContactRowByHousehold(rows as unknown as HouseholdContactRow[])) {
        result.set(houseRef, row as unknown as UhImageRow);
      }
      return result;
    case 'repairRequest':
      for (const row of rows)
        result.set(canonicalRef(row.rq_ref as string) ?? '', row as unknown as UhImageRow);
      return result;
    case 'tenancy':
      for (const row of rows)
        result.set(canonicalRef(row.tag_ref as string) ?? '', row as unknown as UhImageRow);
      return result;
  }
}
