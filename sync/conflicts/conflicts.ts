import type { PgStore } from '../../stores/cloud/PgStore';

/**
 * Rows changed on both sides since they were last synced, as the sync kept them (sync.conflict): both
 * versions, which side won (the entity's master at the time) and what was done. `housing sync conflicts`
 * lists them; `housing sync conflicts resolve <id|all>` marks them reviewed (the winner's version is
 * already in both stores; resolving records that a person looked, it changes no data).
 */
export interface SyncConflict {
  readonly id: number;
  readonly entity: string;
  readonly entityKey: string;
  readonly detectedBy: 'forward' | 'reverse';
  readonly winner: 'UH' | 'CLOUD';
  readonly resolution: string;
  readonly outboxId: number | null;
  readonly uhVersion: unknown;
  readonly cloudVersion: unknown;
  readonly resolved: boolean;
  readonly createdAt: Date;
}

interface ConflictRecord {
  id: string;
  entity: string;
  entity_key: string;
  detected_by: 'forward' | 'reverse';
  winner: 'UH' | 'CLOUD';
  resolution: string;
  outbox_id: string | null;
  uh_version: unknown;
  cloud_version: unknown;
  resolved: boolean;
  created_at: Date;
}

export const MAX_CONFLICTS_LISTED = 1000;

/** Open conflicts (or all), newest first, optionally of one entity. */
export async function listConflicts(
  pg: PgStore,
  options: { readonly includeResolved?: boolean; readonly entity?: string; readonly limit?: number } = {},
): Promise<SyncConflict[]> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONFLICTS_LISTED) {
    throw new RangeError(`limit: expected a whole number from 1 to ${MAX_CONFLICTS_LISTED}, got ${limit}`);
  }
  const { rows } = await pg.query<ConflictRecord>(
    `SELECT id, entity, entity_key, detected_by, winner, resolution, outbox_id, uh_version, cloud_version, resolved, created_at
FROM sync.conflict
WHERE ($1 OR NOT resolved) AND ($2::text IS NULL OR entity = $2)
ORDER BY created_at DESC, id DESC LIMIT $3`,
    [options.includeResolved === true, options.entity ?? null, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    entity: row.entity,
    entityKey: row.entity_key,
    detectedBy: row.detected_by,
    winner: row.winner,
    resolution: row.resolution,
    outboxId: row.outbox_id === null ? null : Number(row.outbox_id),
    uhVersion: row.uh_version,
    cloudVersion: row.cloud_version,
    resolved: row.resolved,
    createdAt: row.created_at,
  }));
}

/** A conflict that does not exist or was resolved already (a client mistake, not a store failure). */
export class ConflictNotOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictNotOpenError';
  }
}

/** Marks one open conflict, or every open one, reviewed; returns how many. */
export async function resolveConflicts(pg: PgStore, which: number | 'all'): Promise<number> {
  if (which === 'all') {
    const { rowCount } = await pg.query('UPDATE sync.conflict SET resolved = true WHERE NOT resolved');
    return rowCount ?? 0;
  }
  const { rows } = await pg.query<{ resolved: boolean }>(
    `WITH target AS (SELECT id, resolved FROM sync.conflict WHERE id = $1 FOR UPDATE)
UPDATE sync.conflict c SET resolved = true FROM target WHERE c.id = target.id RETURNING target.resolved`,
    [which],
  );
  const row = rows[0];
  if (row === undefined)
    throw new ConflictNotOpenError(`there is no conflict ${which} (housing sync conflicts lists them)`);
  if (row.resolved) throw new ConflictNotOpenError(`conflict ${which} was resolved already`);
  return 1;
}
