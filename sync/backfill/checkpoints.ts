import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { BackfillEntityName, KeyValue } from './BackfillEntity';

import { BACKFILL_JOB } from '../../stores/cloud/syncEntities';

export { BACKFILL_JOB };

export interface Checkpoint {
  readonly lastKey: KeyValue[] | null;
  readonly rowsDone: number;
  readonly completed: boolean;
  /**
   * UH's MIN_ACTIVE_ROWVERSION() when this entity's walk began (last_tstamp): every change from then on has
   * a higher rowversion, so forward capture can start there without missing what the walk read too early.
   */
  readonly uhMark: Buffer | null;
}

export async function readCheckpoint(store: PgStore, entity: BackfillEntityName): Promise<Checkpoint> {
  const { rows } = await store.query<{
    last_key: string | null;
    rows_done: string;
    completed: boolean;
    last_tstamp: Buffer | null;
  }>(
    'SELECT last_key, rows_done, completed, last_tstamp FROM sync.checkpoint WHERE job = $1 AND source = $2',
    [BACKFILL_JOB, entity],
  );
  const row = rows[0];
  if (row === undefined) return { lastKey: null, rowsDone: 0, completed: false, uhMark: null };
  return {
    lastKey: row.last_key === null ? null : (JSON.parse(row.last_key) as KeyValue[]),
    rowsDone: Number(row.rows_done),
    completed: row.completed,
    uhMark: row.last_tstamp,
  };
}

/** Written in the chunk's own transaction, so the data and the checkpoint move together or not at all. */
export async function writeCheckpoint(
  client: PgClient,
  entity: BackfillEntityName,
  checkpoint: Checkpoint,
): Promise<void> {
  await client.query(
    `INSERT INTO sync.checkpoint (job, source, last_key, rows_done, completed, last_tstamp, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, now())
ON CONFLICT (job, source) DO UPDATE
SET last_key = EXCLUDED.last_key, rows_done = EXCLUDED.rows_done, completed = EXCLUDED.completed,
    last_tstamp = EXCLUDED.last_tstamp, updated_at = now()`,
    [
      BACKFILL_JOB,
      entity,
      checkpoint.lastKey === null ? null : JSON.stringify(checkpoint.lastKey),
      checkpoint.rowsDone,
      checkpoint.completed,
      checkpoint.uhMark,
    ],
  );
}

/** --restart: forget where these entities got to (and their rejects, which the new pass re-judges). */
export async function resetCheckpoints(
  store: PgStore,
  entities: readonly BackfillEntityName[],
): Promise<void> {
  await store.withTransaction(async (client) => {
    await client.query('DELETE FROM sync.checkpoint WHERE job = $1 AND source = ANY($2::text[])', [
      BACKFILL_JOB,
      entities,
    ]);
    await client.query('DELETE FROM sync.reject WHERE job = $1 AND source = ANY($2::text[])', [
      BACKFILL_JOB,
      entities,
    ]);
  });
}
