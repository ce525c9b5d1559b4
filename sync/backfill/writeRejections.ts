import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { BackfillEntityName, Rejection } from './BackfillEntity';
import { BACKFILL_JOB } from './checkpoints';
import { insertRejects } from '../insertRejects';

/**
 * Rows that cannot be represented go to sync.reject with the reason and the row as UH sent it (binary as
 * hex, dates as ISO). Unique per (job, source, key, reason): a re-run or a resumed chunk adds nothing.
 */
export async function writeRejections(
  client: PgClient,
  entity: BackfillEntityName,
  rejections: readonly Rejection[],
  /** Forward capture keeps its own rejects apart ('forward'). */
  job: string = BACKFILL_JOB,
): Promise<void> {
  await insertRejects(
    client,
    job,
    entity,
    rejections.map((r) => ({
      key: r.key,
      reason: r.reason,
      data: JSON.stringify(
        r.detail === undefined ? { row: r.row } : { row: r.row, detail: r.detail },
        jsonValue,
      ),
    })),
  );
}

function jsonValue(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (Buffer.isBuffer(raw)) return `0x${raw.toString('hex')}`;
  return value;
}

export interface RejectCount {
  readonly entity: string;
  readonly reason: string;
  readonly count: number;
}

/**
 * Every open backfill reject (this run and the runs it resumed; not those forward capture resolved since),
 * counted by entity and reason.
 */
export async function countRejections(store: PgStore): Promise<RejectCount[]> {
  const { rows } = await store.query<{ source: string; reason: string; n: string }>(
    `SELECT source, reason, count(*) AS n FROM sync.reject WHERE job = $1 AND resolved_at IS NULL GROUP BY source, reason ORDER BY source, reason`,
    [BACKFILL_JOB],
  );
  return rows.map((row) => ({ entity: row.source, reason: row.reason, count: Number(row.n) }));
}
