import type { PgClient } from '../../stores/cloud/PgStore';
import type { LlpgSource } from './LlpgLoadSummary';
import { insertRejects } from '../insertRejects';

export const LLPG_JOB = 'llpg';

export interface LlpgRejection {
  /** The row's key, or 'line N' when it has none. */
  readonly key: string;
  readonly reason: string;
  readonly line: number;
  readonly raw: Readonly<Record<string, string>>;
  readonly details: readonly string[];
}

/** Forget the rejects of the previous load of this source: sync.reject then holds the latest extract's. */
export async function clearLlpgRejections(client: PgClient, source: LlpgSource): Promise<void> {
  await client.query('DELETE FROM sync.reject WHERE job = $1 AND source = $2', [LLPG_JOB, source]);
}

/** Rows the load could not take, with why and the row as the file held it (job 'llpg'). */
export async function writeLlpgRejections(
  client: PgClient,
  source: LlpgSource,
  rejections: readonly LlpgRejection[],
): Promise<void> {
  await insertRejects(
    client,
    LLPG_JOB,
    source,
    rejections.map((r) => ({
      key: r.key,
      reason: r.reason,
      data: JSON.stringify({ line: r.line, row: r.raw, problems: r.details }),
    })),
  );
}
