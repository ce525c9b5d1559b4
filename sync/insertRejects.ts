import type { PgClient } from '../stores/cloud/PgStore';

/**
 * Rows a sync job could not take go to sync.reject with the reason and the row as its source held it
 * (`data`, already JSON): never dropped silently. One OPEN reject per (job, source, key, reason), so a
 * re-run or a resumed chunk adds nothing, while a row fixed (its reject resolved, sync/resolveRejects.ts)
 * and broken again gets a new one. One statement for the whole batch (array parameters).
 */
export async function insertRejects(
  client: PgClient,
  job: string,
  source: string,
  rejects: readonly { readonly key: string; readonly reason: string; readonly data: string }[],
): Promise<void> {
  if (rejects.length === 0) return;
  await client.query(
    `INSERT INTO sync.reject (job, source, source_key, reason, row_data)
SELECT $1, $2, r.key, r.reason, r.data FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS r(key, reason, data)
ON CONFLICT (job, source, source_key, reason) WHERE resolved_at IS NULL DO NOTHING`,
    [job, source, rejects.map((r) => r.key), rejects.map((r) => r.reason), rejects.map((r) => r.data)],
  );
}
