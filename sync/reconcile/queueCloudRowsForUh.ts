import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { ClassifiedDifference } from './Difference';
import type { AnyReconcileEntity } from './ReconcileEntity';
import type { RepairOutcome } from './repairDifferences';

/**
 * The cloud masters the entity: each differing row the cloud holds is queued for UH as the cloud's own
 * writes queue it (stores/cloud/writeCloud.ts: the same outbox entity, key and payload), and the reverse
 * sync applies it in order per key. Only what the reverse sync can write goes: contact details, repair
 * requests, a tenancy's end; other entities have no way back into UH yet.
 */
export async function queueCloudRowsForUh(
  pg: PgStore,
  entity: AnyReconcileEntity,
  differences: readonly ClassifiedDifference[],
): Promise<RepairOutcome> {
  const keys = [...new Set(differences.map((d) => d.key))];
  const queued = await pg.withTransaction(async (client) => {
    const done = new Map<string, string>();
    for (const key of keys) {
      const ofKey = differences.filter((d) => d.key === key);
      const fields = new Set(ofKey.map((d) => d.field));
      const id = await queue(client, entity.name, key, ofKey[0]?.kind ?? 'field', fields);
      if (id !== null) done.set(key, id);
    }
    return done;
  });
  const actions = differences.map((d) => {
    const id = queued.get(d.key);
    if (id !== undefined) return `queued for UH (outbox ${id})`;
    if (d.kind === 'missingInCloud')
      return 'not repairable: the cloud masters it and has no such row (no UH delete)';
    return `not repairable: no reverse write for ${entity.name}${entity.name === 'tenancy' ? ' fields other than its end' : ''}`;
  });
  return {
    actions,
    summary: {
      master: 'CLOUD',
      attempted: keys.length,
      repaired: queued.size,
      notRepairable: keys.length - queued.size,
    },
  };
}

/** One outbox row with the cloud row's current values, or null when the entity has no reverse write. */
async function queue(
  client: PgClient,
  entity: string,
  key: string,
  kind: string,
  fields: ReadonlySet<string | null>,
): Promise<string | null> {
  const insert = async (operation: string, payload: unknown) => {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO sync.outbox (entity, entity_key, operation, payload) VALUES ($1, $2, $3, $4) RETURNING id',
      [entity, key, operation, JSON.stringify(payload)],
    );
    return rows[0]?.id ?? null;
  };
  switch (entity) {
    case 'contactDetails': {
      const { rows } = await client.query<{
        phones: { number: string }[];
        email: string | null;
        uh_con_key: number | null;
      }>('SELECT phones, email, uh_con_key FROM housing.contact_details WHERE house_ref = $1', [key]);
      const row = rows[0];
      if (row === undefined) return null;
      return insert('UPDATE', {
        houseRef: key,
        phones: row.phones.map((phone) => phone.number),
        email: row.email ?? '',
        uhConKey: row.uh_con_key,
      });
    }
    case 'repairRequest': {
      const { rows } = await client.query<{
        property_reference: string | null;
        priority: string | null;
        description: string | null;
        contact_name: string | null;
        contact_phone: string | null;
        raised_at: Date | null;
      }>(
        'SELECT property_reference, priority, description, contact_name, contact_phone, raised_at FROM repairs.repair_request WHERE reference = $1',
        [key],
      );
      const row = rows[0];
      if (row === undefined) return null;
      return insert(kind === 'missingInUh' ? 'INSERT' : 'UPDATE', {
        reference: key,
        propertyReference: row.property_reference,
        priority: row.priority,
        description: row.description,
        contactName: row.contact_name,
        contactPhone: row.contact_phone,
        raisedAt: row.raised_at?.toISOString() ?? null,
      });
    }
    case 'tenancy': {
      // Ending a tenancy is the one tenancy write UH takes from the cloud.
      if (!fields.has('end_date') && !fields.has('is_terminated')) return null;
      const { rows } = await client.query<{ end_date: string | null; is_terminated: boolean }>(
        `SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date, is_terminated FROM housing.tenancy WHERE reference = $1`,
        [key],
      );
      const row = rows[0];
      if (row === undefined || row.end_date === null || kind === 'missingInUh') return null;
      return insert('UPDATE', { reference: key, endDate: row.end_date, terminated: row.is_terminated });
    }
    default:
      return null;
  }
}
