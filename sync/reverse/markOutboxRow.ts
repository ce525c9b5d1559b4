import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { OutboxRow } from './OutboxRow';
import type { OutboxEntity } from './outboxPayloads';
import type { SeenConflict } from './UhApplyResult';
import type { LossyText } from './images/LossyText';
import { CLOUD_ROW_OF_ENTITY } from './cloudRowOfEntity';
import { retryDelayMs } from './retryDelay';

/**
 * Every change the reverse direction makes in PostgreSQL after a UH transaction, each in ONE transaction,
 * guarded by `status = 'PENDING'` so a row is marked once. A crash before the commit leaves the row PENDING:
 * the next cycle finds UH already holding its image and marks it then, writing nothing to UH.
 */

export interface AppliedMark {
  readonly entity: OutboxEntity;
  /** The rowversion of the UH row now holding the image (null when UH has no row for it). */
  readonly tstamp: Buffer | null;
  readonly lossyText: readonly LossyText[];
  /** The UH version the write replaced, when UH had changed it and the cloud won. */
  readonly conflict: SeenConflict | null;
  readonly now: Date;
}

/**
 * APPLIED with the rowversion (forward capture skips that version: no echo); the cloud row's uh_tstamp
 * moves up to it (never down: forward may have synced a later UH version already); text UH got instead of the
 * cloud's recorded in sync.lossy_text, and cleared for fields UH now holds exactly; a conflict the cloud won
 * kept with both versions.
 */
export async function markApplied(pg: PgStore, row: OutboxRow, mark: AppliedMark): Promise<void> {
  await pg.withTransaction(async (client) => {
    const updated = await client.query(
      // applied_at is when the row was marked, by the database's clock (what the reverse lag is measured
      // by; the cycle's injected clock decides only what is due).
      `UPDATE sync.outbox SET status = 'APPLIED', applied_at = clock_timestamp(), uh_tstamp = $2, attempts = attempts + 1,
         last_error = NULL
       WHERE id = $1 AND status = 'PENDING'`,
      [row.id, mark.tstamp],
    );
    if (updated.rowCount === 0) return;
    if (mark.tstamp !== null) {
      const cloud = CLOUD_ROW_OF_ENTITY[mark.entity];
      await client.query(
        `UPDATE ${cloud.table} SET uh_tstamp = $2 WHERE ${cloud.key} = $1 AND (uh_tstamp IS NULL OR uh_tstamp < $2)`,
        [row.entityKey, mark.tstamp],
      );
    }
    const exact = mark.lossyText.filter((text) => text.cloudValue === text.uhValue);
    const lossy = mark.lossyText.filter((text) => text.cloudValue !== text.uhValue);
    if (exact.length > 0) {
      await client.query(
        `DELETE FROM sync.lossy_text WHERE entity = $1 AND entity_key = $2 AND field = ANY($3::text[])`,
        [row.entity, row.entityKey, exact.map((text) => text.field)],
      );
    }
    if (lossy.length > 0) {
      await client.query(
        `INSERT INTO sync.lossy_text (entity, entity_key, field, cloud_value, uh_value, outbox_id, recorded_at)
         SELECT $1::text, $2::text, t.field, t.cloud_value, t.uh_value, $6::bigint, $7::timestamptz
         FROM unnest($3::text[], $4::text[], $5::text[]) AS t (field, cloud_value, uh_value)
         ON CONFLICT (entity, entity_key, field) DO UPDATE
         SET cloud_value = EXCLUDED.cloud_value, uh_value = EXCLUDED.uh_value, outbox_id = EXCLUDED.outbox_id, recorded_at = EXCLUDED.recorded_at`,
        [
          row.entity,
          row.entityKey,
          lossy.map((text) => text.field),
          lossy.map((text) => text.cloudValue),
          lossy.map((text) => text.uhValue),
          row.id,
          mark.now,
        ],
      );
    }
    if (mark.conflict !== null) {
      await recordConflict(
        client,
        row,
        mark.conflict,
        'CLOUD',
        `cloud masters ${row.entity}: outbox row ${row.id} written over the UH version`,
      );
    }
  });
}

/** A row superseded by a later one of its key already applied (that one carried the whole record). */
export async function markSuperseded(pg: PgStore, row: OutboxRow, by: number): Promise<void> {
  await pg.query(
    `UPDATE sync.outbox SET status = 'APPLIED', applied_at = clock_timestamp(), attempts = attempts + 1,
       last_error = $2 WHERE id = $1 AND status = 'PENDING'`,
    [row.id, `not written: outbox row ${by}, applied before it, carries the whole later record`],
  );
}

/** UH changed the row and UH masters the entity: the outbox row is set aside (CONFLICT), both versions kept. */
export async function markSetAside(pg: PgStore, row: OutboxRow, conflict: SeenConflict): Promise<void> {
  const resolution = `UH masters ${row.entity}: UH version kept, outbox row ${row.id} not written (status CONFLICT)`;
  await pg.withTransaction(async (client) => {
    const updated = await client.query(
      `UPDATE sync.outbox SET status = 'CONFLICT', attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status = 'PENDING'`,
      [row.id, resolution],
    );
    if (updated.rowCount === 0) return;
    await recordConflict(client, row, conflict, 'UH', resolution);
  });
}

/**
 * One conflict per outbox row and UH version: forward capture may have recorded this very one (same outbox
 * row, same UH rowversion) when it read the UH change.
 */
async function recordConflict(
  client: PgClient,
  row: OutboxRow,
  conflict: SeenConflict,
  winner: 'UH' | 'CLOUD',
  resolution: string,
): Promise<void> {
  await client.query(
    `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner, detected_by, outbox_id, uh_tstamp, resolution)
     SELECT $1::text, $2::text, $3::jsonb, $4::jsonb, $5::text, 'reverse', $6::bigint, $7::bytea, $8::text
     WHERE NOT EXISTS (SELECT 1 FROM sync.conflict WHERE outbox_id = $6::bigint AND uh_tstamp = $7::bytea)`,
    [
      row.entity,
      row.entityKey,
      JSON.stringify(conflict.uhVersion),
      JSON.stringify(row.payload),
      winner,
      row.id,
      conflict.uhTstamp,
      resolution,
    ],
  );
}

/** DEAD, with a sync.dead_letter row saying why (and SQL Server's error number when UH refused it). */
export async function markDead(
  pg: PgStore,
  row: OutboxRow,
  reason: string,
  errorNumber: number | null,
): Promise<void> {
  await pg.withTransaction(async (client) => {
    const updated = await client.query(
      `UPDATE sync.outbox SET status = 'DEAD', attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status = 'PENDING'`,
      [row.id, reason],
    );
    if (updated.rowCount === 0) return;
    await client.query(
      `INSERT INTO sync.dead_letter (outbox_id, entity, entity_key, reason, error_number, attempts)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.entity, row.entityKey, reason, errorNumber, row.attempts + 1],
    );
  });
}

/** Still PENDING, tried once more, next try after the backoff (by the caller's clock). Returns when. */
export async function scheduleRetry(pg: PgStore, row: OutboxRow, reason: string, now: Date): Promise<Date> {
  const next = new Date(now.getTime() + retryDelayMs(row.attempts + 1));
  await pg.query(
    `UPDATE sync.outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'PENDING'`,
    [row.id, reason, next],
  );
  return next;
}
