import type { PgClient } from './PgStore';

/**
 * The sync's state as the cloud database holds it: each direction's worker (heartbeat, state, last error,
 * per-source readings), forward capture's checkpoints, the outbox's depth and age per entity, open dead
 * letters and conflicts. `housing sync status`, the metrics and the migration gates all read it from here.
 * Every query is bounded by an index (pending outbox rows and open dead letters have partial indexes), so
 * it stays cheap however long the outbox's history grows.
 */
export interface WorkerReading {
  readonly direction: 'forward' | 'reverse';
  readonly holder: string;
  readonly state: string;
  readonly heartbeatAt: string;
  /** Seconds since the last heartbeat, by the database's clock. */
  readonly heartbeatAgeSeconds: number;
  /** A heartbeat within WORKER_ALIVE_SECONDS and not stopped. */
  readonly alive: boolean;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly sources: readonly WorkerSourceReading[];
}

export interface WorkerSourceReading {
  readonly source: string;
  readonly lagSeconds: number;
  readonly lagRows: number;
  readonly rowsPerSecond: number;
}

export interface ForwardCheckpointReading {
  readonly table: string;
  /** The rowversion high-water mark, as 0x followed by 16 hex digits. */
  readonly checkpoint: string | null;
  readonly caughtUpAt: string | null;
  /** Seconds since every UH change committed before then was in the cloud (null: never caught up). */
  readonly lagSeconds: number | null;
}

export interface OutboxReading {
  readonly entity: string;
  readonly pending: number;
  readonly oldestPendingAt: string | null;
  readonly oldestPendingAgeSeconds: number;
  readonly deadLetters: number;
  readonly openConflicts: number;
}

export interface SyncReadings {
  readonly readAt: string;
  readonly workers: readonly WorkerReading[];
  readonly forward: readonly ForwardCheckpointReading[];
  readonly outbox: readonly OutboxReading[];
  readonly deadLetters: number;
  readonly openConflicts: number;
}

/** A worker that has not written a heartbeat for this long is taken for dead (it writes one a second). */
export const WORKER_ALIVE_SECONDS = 10;

const seconds = (value: string | number | null): number => Math.max(0, Number(value ?? 0));

export async function readSyncReadings(client: PgClient): Promise<SyncReadings> {
  const workers = await client.query<{
    direction: 'forward' | 'reverse';
    holder: string;
    state: string;
    heartbeat_at: Date;
    age: string;
    last_error: string | null;
    last_error_at: Date | null;
    readings: { sources?: WorkerSourceReading[] };
    read_at: Date;
  }>(
    `SELECT direction, holder, state, heartbeat_at, extract(epoch FROM now() - heartbeat_at) AS age,
  last_error, last_error_at, readings, now() AS read_at
FROM sync.worker ORDER BY direction`,
  );
  const checkpoints = await client.query<{
    source: string;
    last_tstamp: Buffer | null;
    caught_up_at: Date | null;
    lag: string | null;
  }>(
    `SELECT source, last_tstamp, caught_up_at, extract(epoch FROM now() - caught_up_at) AS lag
FROM sync.checkpoint WHERE job = 'forward' ORDER BY source`,
  );
  const pending = await client.query<{ entity: string; n: string; oldest: Date; age: string }>(
    `SELECT entity, count(*) AS n, min(created_at) AS oldest, extract(epoch FROM now() - min(created_at)) AS age
FROM sync.outbox WHERE status = 'PENDING' GROUP BY entity`,
  );
  const dead = await client.query<{ entity: string; n: string }>(
    'SELECT entity, count(*) AS n FROM sync.dead_letter WHERE retried_at IS NULL GROUP BY entity',
  );
  const conflicts = await client.query<{ entity: string; n: string; read_at: Date }>(
    'SELECT entity, count(*) AS n FROM sync.conflict WHERE NOT resolved GROUP BY entity',
  );
  const now = await client.query<{ now: Date }>('SELECT now()');
  const entities = [
    ...new Set([...pending.rows, ...dead.rows, ...conflicts.rows].map((row) => row.entity)),
  ].sort();
  const outbox = entities.map((entity) => {
    const p = pending.rows.find((row) => row.entity === entity);
    return {
      entity,
      pending: Number(p?.n ?? 0),
      oldestPendingAt: p?.oldest.toISOString() ?? null,
      oldestPendingAgeSeconds: seconds(p?.age ?? 0),
      deadLetters: Number(dead.rows.find((row) => row.entity === entity)?.n ?? 0),
      openConflicts: Number(conflicts.rows.find((row) => row.entity === entity)?.n ?? 0),
    };
  });
  return {
    readAt: (now.rows[0]?.now ?? new Date()).toISOString(),
    workers: workers.rows.map((row) => ({
      direction: row.direction,
      holder: row.holder,
      state: row.state,
      heartbeatAt: row.heartbeat_at.toISOString(),
      heartbeatAgeSeconds: seconds(row.age),
      alive: row.state !== 'stopped' && seconds(row.age) <= WORKER_ALIVE_SECONDS,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at?.toISOString() ?? null,
      sources: row.readings.sources ?? [],
    })),
    forward: checkpoints.rows.map((row) => ({
      table: row.source,
      checkpoint: row.last_tstamp === null ? null : `0x${row.last_tstamp.toString('hex')}`,
      caughtUpAt: row.caught_up_at?.toISOString() ?? null,
      lagSeconds: row.lag === null ? null : seconds(row.lag),
    })),
    outbox,
    deadLetters: outbox.reduce((sum, row) => sum + row.deadLetters, 0),
    openConflicts: outbox.reduce((sum, row) => sum + row.openConflicts, 0),
  };
}
