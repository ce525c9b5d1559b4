import type { PgClient } from '../stores/cloud/PgStore';

/** What resolved a reject (sync.reject.resolution). */
export const REJECT_RESOLUTION = {
  /** Forward capture read the row again and took it: UH fixed it. */
  taken: 'taken by forward capture',
  /** Forward capture read the row again and rejected it for another reason (that reject is open). */
  rejectedOtherwise: 'rejected again for another reason by forward capture',
  /** UH no longer holds the row (the delete sweep looked). */
  deleted: 'deleted in UH',
} as const;

/**
 * In the transaction that applies a batch: the open rejects (of any of `jobs`) of the source keys forward
 * capture has just judged are resolved, except those it rejected again for the same reason. A row the
 * backfill rejected and UH has since fixed is in the cloud now: its backfill reject goes too (the backfill
 * and forward capture both name the source after the sync entity and key rows by the same UH key). One
 * statement for the batch; returns how many were resolved.
 */
export async function resolveJudgedRejects(
  client: PgClient,
  jobs: readonly string[],
  source: string,
  judgedKeys: readonly string[],
  stillRejected: readonly { readonly key: string; readonly reason: string }[],
): Promise<number> {
  if (judgedKeys.length === 0) return 0;
  const result = await client.query(
    `UPDATE sync.reject r SET resolved_at = now(),
  resolution = CASE WHEN r.source_key = ANY($4::text[]) THEN $7 ELSE $6 END
WHERE r.resolved_at IS NULL AND r.job = ANY($1::text[]) AND r.source = $2 AND r.source_key = ANY($3::text[])
  AND NOT EXISTS (SELECT 1 FROM unnest($4::text[], $5::text[]) AS s(key, reason)
                  WHERE s.key = r.source_key AND s.reason = r.reason)`,
    [
      jobs,
      source,
      [...new Set(judgedKeys)],
      stillRejected.map((r) => r.key),
      stillRejected.map((r) => r.reason),
      REJECT_RESOLUTION.taken,
      REJECT_RESOLUTION.rejectedOtherwise,
    ],
  );
  return result.rowCount ?? 0;
}

/** Open rejects (by id) whose UH row is gone: resolved as deleted in UH. One statement. */
export async function resolveDeletedRejects(client: PgClient, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await client.query(
    `UPDATE sync.reject SET resolved_at = now(), resolution = $2 WHERE id = ANY($1::bigint[]) AND resolved_at IS NULL`,
    [ids, REJECT_RESOLUTION.deleted],
  );
  return result.rowCount ?? 0;
}
