import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { BackfillEntityName } from '../backfill/BackfillEntity';
import { BACKFILL_JOB } from '../backfill/checkpoints';
import { FORWARD_JOB } from '../../stores/cloud/syncEntities';
import { CAPTURE_TABLES, type CaptureTable } from './captureTables';
import { previousRowversion, ZERO_ROWVERSION, type Rowversion } from './rowversion';

export { FORWARD_JOB };

/** Where one UH table's capture stands at the start of a cycle. */
export interface TableStart {
  readonly capture: CaptureTable;
  readonly checkpoint: Rowversion;
  /** No forward checkpoint yet: this cycle creates it (from the backfill's mark). */
  readonly isNew: boolean;
  /** The stored checkpoint, for the optimistic check when writing (null when new). */
  readonly stored: Rowversion | null;
  /** Seconds since the table was last caught up (or since its backfill ended, before that). */
  readonly lagSeconds: number;
}

export interface CycleStart {
  /** PostgreSQL's now() as the cycle began, before UH was read: what caught_up_at records. */
  readonly startedAt: Date;
  readonly tables: readonly TableStart[];
  /** Tables not polled yet: a backfill entity reading them is not complete. */
  readonly waiting: readonly string[];
}

interface CheckpointRow {
  startedAt: Date;
  job: string | null;
  source: string | null;
  last_tstamp: Buffer | null;
  completed: boolean | null;
  lag: number | null;
  since_update: number | null;
}

/**
 * Every forward and backfill checkpoint in one query (with the database's time). A table without a forward
 * checkpoint starts once every backfill entity reading it is complete, just below the lowest of their
 * marks (MIN_ACTIVE_ROWVERSION() when each walk began): every change since is above it.
 */
export async function readCycleStart(pg: PgStore): Promise<CycleStart> {
  const { rows } = await pg.query<CheckpointRow>(
    `SELECT n.now AS "startedAt", c.job, c.source, c.last_tstamp, c.completed,
  extract(epoch FROM n.now - c.caught_up_at)::float8 AS lag,
  extract(epoch FROM n.now - c.updated_at)::float8 AS since_update
FROM (SELECT now() AS now) n
LEFT JOIN sync.checkpoint c ON c.job IN ($1, $2)`,
    [FORWARD_JOB, BACKFILL_JOB],
  );
  const startedAt = rows[0]?.startedAt ?? new Date();
  const forward = new Map<string, CheckpointRow>();
  const backfill = new Map<string, CheckpointRow>();
  for (const row of rows) {
    if (row.source === null) continue;
    (row.job === FORWARD_JOB ? forward : backfill).set(row.source, row);
  }
  const tables: TableStart[] = [];
  const waiting: string[] = [];
  for (const capture of CAPTURE_TABLES) {
    const readers = capture.readers.map((entity) => backfill.get(entity));
    const sinceBackfill = Math.min(...readers.map((r) => r?.since_update ?? 0));
    const known = forward.get(capture.table);
    if (known?.last_tstamp != null) {
      tables.push({
        capture,
        checkpoint: known.last_tstamp,
        isNew: false,
        stored: known.last_tstamp,
        lagSeconds: known.lag ?? sinceBackfill,
      });
      continue;
    }
    if (!readers.every((r) => r?.completed === true)) {
      waiting.push(capture.table);
      continue;
    }
    tables.push({
      capture,
      checkpoint: startMark(capture.readers, backfill),
      isNew: true,
      stored: null,
      lagSeconds: sinceBackfill,
    });
  }
  return { startedAt, tables, waiting };
}

function startMark(readers: readonly BackfillEntityName[], backfill: Map<string, CheckpointRow>): Rowversion {
  let lowest: Rowversion | null = null;
  for (const entity of readers) {
    const mark = backfill.get(entity)?.last_tstamp ?? null;
    // A completed backfill without a mark (written before marks were kept) proves nothing: read from 0.
    if (mark === null) return ZERO_ROWVERSION;
    if (lowest === null || Buffer.compare(mark, lowest) < 0) lowest = mark;
  }
  return lowest === null ? ZERO_ROWVERSION : previousRowversion(lowest);
}

export interface CheckpointWrite {
  readonly start: TableStart;
  readonly next: Rowversion;
  readonly taken: number;
  readonly caughtUp: boolean;
}

/**
 * In the cycle's transaction (with the data it covers). Each row is written only if it still holds what
 * the cycle started from: a second worker that got past the advisory lock would fail here, not
 * interleave checkpoints.
 */
export async function writeCheckpoints(
  client: PgClient,
  writes: readonly CheckpointWrite[],
  startedAt: Date,
): Promise<void> {
  if (writes.length === 0) return;
  const result = await client.query(
    `INSERT INTO sync.checkpoint AS c (job, source, last_tstamp, rows_done, completed, caught_up_at, updated_at)
SELECT $1, w.source, w.next, w.taken, false, w.caught_up_at, now()
FROM unnest($2::text[], $3::bytea[], $4::bigint[], $5::timestamptz[], $6::bytea[]) AS w(source, next, taken, caught_up_at, expected)
ON CONFLICT (job, source) DO UPDATE
SET last_tstamp = EXCLUDED.last_tstamp, rows_done = c.rows_done + EXCLUDED.rows_done,
    caught_up_at = coalesce(EXCLUDED.caught_up_at, c.caught_up_at), updated_at = now()
WHERE c.last_tstamp IS NOT DISTINCT FROM (SELECT w2.expected FROM unnest($2::text[], $6::bytea[]) AS w2(source, expected) WHERE w2.source = c.source)`,
    [
      FORWARD_JOB,
      writes.map((w) => w.start.capture.table),
      writes.map((w) => w.next),
      writes.map((w) => w.taken),
      writes.map((w) => (w.caughtUp ? startedAt : null)),
      writes.map((w) => w.start.stored),
    ],
  );
  if ((result.rowCount ?? 0) !== writes.length) {
    throw new Error(
      'forward capture: a checkpoint moved while this cycle ran (is a second forward worker running without the lock?)',
    );
  }
}
