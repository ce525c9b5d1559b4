import type { PgClient, PgStore } from './PgStore';
import type {
  EndTenancyOutcome,
  NewRepairInput,
  RaiseRepairOutcome,
  UpdateContactOutcome,
} from '../model/writeOutcomes';
import type { PhoneType } from '../model/records';

/**
 * Writes while the cloud masters an entity. Each one changes the cloud tables and records an outbox row
 * in the same transaction; the reverse sync applies outbox rows to UH in order per key, so legacy
 * applications keep seeing the data. A write either happens whole, with its outbox row, or not at all.
 */
async function outbox(
  client: PgClient,
  entity: string,
  key: string,
  operation: 'INSERT' | 'UPDATE',
  payload: unknown,
): Promise<void> {
  await client.query(
    `INSERT INTO sync.outbox (entity, entity_key, operation, payload) VALUES ($1, $2, $3, $4)`,
    [entity, key, operation, JSON.stringify(payload)],
  );
}

/** UH keeps no phone type; it is derived from the number, the same way on both sides (UK mobiles: 07...). */
export function phoneType(number: string): PhoneType {
  return number.replace(/\s/g, '').startsWith('07') ? 'MOBILE' : 'HOME';
}

export async function updateContactDetailsInCloud(
  store: PgStore,
  houseRef: string,
  change: { phones?: readonly string[]; email?: string },
  /** The graph's person, when the write is a person's: refused (noSuchPerson) unless a member of the household. */
  personNo?: number,
): Promise<UpdateContactOutcome> {
  return store.withTransaction(async (client): Promise<UpdateContactOutcome> => {
    if (personNo !== undefined) {
      // The member row stays locked (FOR SHARE) until the write commits: no details for someone just removed.
      const member = await client.query(
        'SELECT 1 FROM housing.household_member WHERE house_ref = $1 AND person_no = $2 FOR SHARE',
        [houseRef, personNo],
      );
      if (member.rowCount === 0) return { kind: 'noSuchPerson' };
    }
    const current = await client.query<{
      phones: { number: string }[];
      email: string | null;
      uh_con_key: number | null;
    }>('SELECT phones, email, uh_con_key FROM housing.contact_details WHERE house_ref = $1 FOR UPDATE', [
      houseRef,
    ]);
    const phones = change.phones ?? current.rows[0]?.phones.map((phone) => phone.number) ?? [];
    const email =
      change.email === undefined
        ? (current.rows[0]?.email ?? null)
        : change.email === ''
          ? null
          : change.email;
    await client.query(
      `INSERT INTO housing.contact_details (house_ref, phones, email, mastered_in, synced_at) VALUES ($1, $2, $3, 'CLOUD', now())
       ON CONFLICT (house_ref) DO UPDATE SET phones = EXCLUDED.phones, email = EXCLUDED.email, mastered_in = 'CLOUD', synced_at = now()`,
      [houseRef, JSON.stringify(phones.map((number) => ({ number, type: phoneType(number) }))), email],
    );
    await outbox(client, 'contactDetails', houseRef, 'UPDATE', {
      houseRef,
      phones,
      email: email ?? '',
      uhConKey: current.rows[0]?.uh_con_key ?? null,
    });
    return { kind: 'updated' };
  });
}

export type CloudRaiseOutcome =
  { kind: 'raised'; reference: string } | { kind: 'noSuchProperty' } | { kind: 'noMaintenance' };

/**
 * Cloud-raised repair references come from their own range (90000000 up), so they can never collide
 * with the ones UH keeps allocating for legacy applications from its sysserial row.
 */
export const CLOUD_REPAIR_RANGE_START = 90_000_000;
const REPAIR_REFERENCE_LOCK = 7_240_101;

/**
 * UH keeps rq_date as datetime, to 1/300 s (https://learn.microsoft.com/en-us/sql/t-sql/data-types/datetime-transact-sql):
 * a time of .124 s reaches UH as .123 s, and the two stores would serve different raisedAt for one request
 * for good. Whole seconds are held exactly by both.
 */
function wholeSeconds(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 1000) * 1000);
}

export async function raiseRepairInCloud(
  store: PgStore,
  input: NewRepairInput & { raisedAt: Date },
): Promise<RaiseRepairOutcome> {
  const repair = { ...input, raisedAt: wholeSeconds(input.raisedAt) };
  return store.withTransaction(async (client) => {
    const property = await client.query<{ no_maintenance: boolean }>(
      'SELECT no_maintenance FROM housing.property WHERE reference = $1',
      [repair.propertyReference],
    );
    const row = property.rows[0];
    if (row === undefined) return { kind: 'noSuchProperty' };
    if (row.no_maintenance) return { kind: 'noMaintenance' };
    await client.query('SELECT pg_advisory_xact_lock($1)', [REPAIR_REFERENCE_LOCK]);
    const next = await client.query<{ next: number }>(
      `SELECT coalesce(max(reference::int), $1 - 1) + 1 AS next FROM repairs.repair_request WHERE reference >= $2`,
      [CLOUD_REPAIR_RANGE_START, String(CLOUD_REPAIR_RANGE_START)],
    );
    const reference = String(next.rows[0]?.next ?? CLOUD_REPAIR_RANGE_START).padStart(8, '0');
    await client.query(
      `INSERT INTO repairs.repair_request (reference, property_reference, priority, status, raised_at, description, contact_name, contact_phone, mastered_in)
       VALUES ($1, $2, $3, '000', $4, $5, $6, $7, 'CLOUD')`,
      [
        reference,
        repair.propertyReference,
        repair.priority,
        repair.raisedAt,
        repair.description,
        repair.contactName,
        repair.contactPhone,
      ],
    );
    await outbox(client, 'repairRequest', reference, 'INSERT', {
      reference,
      ...repair,
      raisedAt: repair.raisedAt.toISOString(),
    });
    return { kind: 'raised', reference };
  });
}

/** The same rule as in UH: an end date only on a running tenancy; terminated once the date has come. */
export async function endTenancyInCloud(
  store: PgStore,
  reference: string,
  endDate: string,
  today: string,
): Promise<EndTenancyOutcome> {
  return store.withTransaction(async (client) => {
    const found = await client.query<{
      start_date: string | null;
      end_date: string | null;
      is_terminated: boolean;
    }>(
      `SELECT to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, is_terminated
       FROM housing.tenancy WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    const row = found.rows[0];
    if (row === undefined) return { kind: 'noSuchTenancy' };
    if (row.is_terminated || row.end_date !== null) return { kind: 'alreadyEnded', endDate: row.end_date };
    if (row.start_date !== null && endDate < row.start_date)
      return { kind: 'beforeStart', startDate: row.start_date };
    const terminated = endDate <= today;
    await client.query(
      `UPDATE housing.tenancy SET end_date = $2, is_terminated = $3, mastered_in = 'CLOUD', synced_at = now() WHERE reference = $1`,
      [reference, endDate, terminated],
    );
    await outbox(client, 'tenancy', reference, 'UPDATE', { reference, endDate, terminated });
    return { kind: 'ended' };
  });
}
