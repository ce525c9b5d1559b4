import type { PgClient } from './PgStore';

/**
 * The latest finished reconciliation of each of these sync entities (sync.reconcile_run, written by
 * `housing reconcile`): when, what it found, and whether it was clean (every difference explained).
 * A gate reading for phase changes; the migration layer reads it from here, never from sync/.
 */
export interface ReconcileReading {
  readonly source: string;
  /** null: the entity was never reconciled (no finished run). */
  readonly runId: string | null;
  readonly finishedAt: string | null;
  /** Hours since that run finished, by the database's clock. */
  readonly ageHours: number | null;
  readonly differences: number;
  readonly unexplained: number;
}

export async function readReconcileReadings(
  client: PgClient,
  sources: readonly string[],
): Promise<ReconcileReading[]> {
  const { rows } = await client.query<{
    entity: string;
    id: string;
    finished_at: Date;
    age: string;
    differences: number;
    unexplained: number;
  }>(
    `SELECT DISTINCT ON (entity) entity, id, finished_at, extract(epoch FROM now() - finished_at) / 3600 AS age,
  differences, unexplained
FROM sync.reconcile_run WHERE status = 'done' AND entity = ANY($1::text[])
ORDER BY entity, finished_at DESC, id DESC`,
    [sources],
  );
  return sources.map((source) => {
    const row = rows.find((r) => r.entity === source);
    return {
      source,
      runId: row?.id ?? null,
      finishedAt: row?.finished_at.toISOString() ?? null,
      ageHours: row === undefined ? null : Math.max(0, Number(row.age)),
      differences: row?.differences ?? 0,
      unexplained: row?.unexplained ?? 0,
    };
  });
}
