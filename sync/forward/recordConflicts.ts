import type { PgClient } from '../../stores/cloud/PgStore';
import type { Master } from './entityPhases';

/** A row both sides changed, as forward capture found it. */
export interface NewConflict {
  readonly entity: string;
  readonly entityKey: string;
  /** UH's version, as forward capture would have written it to the cloud. */
  readonly uhVersion: unknown;
  /** The cloud row as it stands (null: the cloud has no row for the key). */
  readonly cloudVersion: unknown;
  readonly winner: Master;
  /** The oldest pending outbox row of the key, if the conflict involves one. */
  readonly outboxId: string | null;
  /** Pending outbox rows UH's win sets aside (status CONFLICT). */
  readonly outboxIds: readonly string[];
  readonly uhTstamp: Buffer | null;
  readonly resolution: string;
}

/**
 * Kept in sync.conflict (detected_by 'forward') for review, in the cycle's transaction, with the outbox
 * rows UH's win sets aside: the conflict and what was done about it commit together or not at all.
 */
export async function recordConflicts(client: PgClient, conflicts: readonly NewConflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  const { rows } = await client.query<{ id: string; entity: string; entity_key: string }>(
    `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner, detected_by, outbox_id, uh_tstamp, resolution)
SELECT c.entity, c.entity_key, c.uh_version, coalesce(c.cloud_version, 'null'::jsonb), c.winner, 'forward', c.outbox_id, c.uh_tstamp, c.resolution
FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[], $5::text[], $6::bigint[], $7::bytea[], $8::text[])
  AS c(entity, entity_key, uh_version, cloud_version, winner, outbox_id, uh_tstamp, resolution)
RETURNING id::text AS id, entity, entity_key`,
    [
      conflicts.map((c) => c.entity),
      conflicts.map((c) => c.entityKey),
      conflicts.map((c) => toJson(c.uhVersion)),
      conflicts.map((c) => (c.cloudVersion === null ? null : JSON.stringify(c.cloudVersion))),
      conflicts.map((c) => c.winner),
      conflicts.map((c) => c.outboxId),
      conflicts.map((c) => c.uhTstamp),
      conflicts.map((c) => c.resolution),
    ],
  );
  const ids = new Map(rows.map((row) => [`${row.entity}\u0000${row.entity_key}`, row.id]));
  const setAside = conflicts.flatMap((c) =>
    c.outboxIds.map((id) => ({ id, conflict: ids.get(`${c.entity}\u0000${c.entityKey}`) ?? '' })),
  );
  if (setAside.length > 0) {
    await client.query(
      `UPDATE sync.outbox o SET status = 'CONFLICT', last_error = 'UH changed the row too and UH masters it: see sync.conflict ' || s.conflict
FROM unnest($1::bigint[], $2::text[]) AS s(id, conflict)
WHERE o.id = s.id AND o.status = 'PENDING'`,
      [setAside.map((s) => s.id), setAside.map((s) => s.conflict)],
    );
  }
}

/** JSON of a mapped record: rowversions and other bytes as 0x hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, current: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    return Buffer.isBuffer(raw) ? `0x${raw.toString('hex')}` : current;
  });
}
