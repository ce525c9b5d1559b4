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

/** A row UH now holds, and how to mark it. */
export interface AppliedRow {
  readonly row: OutboxRow;
  readonly mark: AppliedMark;
}

/**
 * APPLIED with the rowversion (forward capture skips that version: no echo); the cloud row's uh_tstamp
 * moves up to it (never down: forward may have synced a later UH version already); text UH got instead of the
 * cloud's recorded in sync.lossy_text, and cleared for fields UH now holds exactly; a conflict the cloud won
 * kept with both versions. Many rows in ONE transaction, set-based (one round trip per kind of change, not
 * per row): the reverse direction marks a round's rows together, at most one row per key (a key's rows are
 * applied one round after another), so a crash leaves at most one UH-committed, unmarked row per key, which
 * the next cycle finds already in UH.
 */
export async function markApplied(pg: PgStore, applied: readonly AppliedRow[]): Promise<void> {
  if (applied.length === 0) return;
  await pg.withTransaction(async (client) => {
    const updated = await client.query<{ id: string }>(
      // applied_at is when the row was marked, by the database's clock (what the reverse lag is measured
      // by; the cycle's injected clock decides only what is due).
      `UPDATE sync.outbox o SET status = 'APPLIED', applied_at = clock_timestamp(), uh_tstamp = v.tstamp,
         attempts = o.attempts + 1, last_error = NULL
       FROM unnest($1::bigint[], $2::bytea[]) AS v (id, tstamp)
       WHERE o.id = v.id AND o.status = 'PENDING'
       RETURNING o.id`,
      [applied.map((a) => a.row.id), applied.map((a) => a.mark.tstamp)],
    );
    const marked = new Set(updated.rows.map((row) => Number(row.id)));
    const fresh = applied.filter((a) => marked.has(a.row.id));
    for (const [entity, rows] of groupByEntity(fresh.filter((a) => a.mark.tstamp !== null))) {
      const cloud = CLOUD_ROW_OF_ENTITY[entity];
      await client.query(
        `UPDATE ${cloud.table} c SET uh_tstamp = v.tstamp
         FROM (SELECT DISTINCT ON (key) key, tstamp FROM unnest($1::text[], $2::bytea[]) AS u (key, tstamp)
               ORDER BY key, tstamp DESC) AS v
         WHERE c.${cloud.key} = v.key AND (c.uh_tstamp IS NULL OR c.uh_tstamp < v.tstamp)`,
        [rows.map((a) => a.row.entityKey), rows.map((a) => a.mark.tstamp)],
      );
    }
    await recordLossyText(client, fresh);
    for (const { row, mark } of fresh) {
      if (mark.conflict === null) continue;
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

function groupByEntity(applied: readonly AppliedRow[]): Map<OutboxEntity, AppliedRow[]> {
  const groups = new Map<OutboxEntity, AppliedRow[]>();
  for (const a of applied) {
    const group = groups.get(a.mark.entity);
    if (group === undefined) groups.set(a.mark.entity, [a]);
    else group.push(a);
  }
  return groups;
}

/** Text UH holds only as a nearest value recorded, and fields UH now holds exactly forgotten, for all rows. */
async function recordLossyText(client: PgClient, applied: readonly AppliedRow[]): Promise<void> {
  const texts = applied.flatMap(({ row, mark }) =>
    mark.lossyText.map((text) => ({ row, text, now: mark.now })),
  );
  const exact = texts.filter(({ text }) => text.cloudValue === text.uhValue);
  const lossy = texts.filter(({ text }) => text.cloudValue !== text.uhValue);
  if (exact.length > 0) {
    await client.query(
      `DELETE FROM sync.lossy_text l USING unnest($1::text[], $2::text[], $3::text[]) AS v (entity, entity_key, field)
       WHERE l.entity = v.entity AND l.entity_key = v.entity_key AND l.field = v.field`,
      [exact.map((t) => t.row.entity), exact.map((t) => t.row.entityKey), exact.map((t) => t.text.field)],
    );
  }
  if (lossy.length > 0) {
    await client.query(
      `INSERT INTO sync.lossy_text (entity, entity_key, field, cloud_value, uh_value, outbox_id, recorded_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[])
       ON CONFLICT (entity, entity_key, field) DO UPDATE
       SET cloud_value = EXCLUDED.cloud_value, uh_value = EXCLUDED.uh_value, outbox_id = EXCLUDED.outbox_id, recorded_at = EXCLUDED.recorded_at`,
      [
        lossy.map((t) => t.row.entity),
        lossy.map((t) => t.row.entityKey),
        lossy.map((t) => t.text.field),
        lossy.map((t) => t.text.cloudValue),
        lossy.map((t) => t.text.uhValue),
        lossy.map((t) => t.row.id),
        lossy.map((t) => t.now),
      ],
    );
  }
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
