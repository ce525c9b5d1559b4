import type { PgStore } from '../../stores/cloud/PgStore';
import type { PrintedDifference } from './formatReconcileReport';
import type { Explanation } from './Difference';

/** One past run, as `housing reconcile history` lists it. */
export interface ReconcileRunSummary {
  readonly runId: string;
  readonly entity: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: 'running' | 'done' | 'failed';
  readonly uhRows: number | null;
  readonly cloudRows: number | null;
  readonly differences: number;
  readonly unexplained: number;
  readonly seconds: number | null;
  readonly repair: boolean;
  readonly repaired: number;
  readonly error: string | null;
}

/** Runs newest first, of one entity or all. */
export async function readReconcileRuns(
  pg: PgStore,
  options: { readonly entity?: string; readonly runId?: string; readonly limit: number },
): Promise<ReconcileRunSummary[]> {
  const { rows } = await pg.query<{
    id: string;
    entity: string;
    started_at: Date;
    finished_at: Date | null;
    status: 'running' | 'done' | 'failed';
    uh_rows: string | null;
    cloud_rows: string | null;
    differences: number;
    unexplained: number;
    seconds: number | null;
    repair: boolean;
    repaired: number;
    error: string | null;
  }>(
    `SELECT id, entity, started_at, finished_at, status, uh_rows, cloud_rows, differences, unexplained, seconds,
  repair, repaired, error
FROM sync.reconcile_run WHERE ($1::text IS NULL OR entity = $1) AND ($3::bigint IS NULL OR id = $3)
ORDER BY started_at DESC, id DESC LIMIT $2`,
    [options.entity ?? null, options.limit, options.runId ?? null],
  );
  return rows.map((row) => ({
    runId: row.id,
    entity: row.entity,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    status: row.status,
    uhRows: row.uh_rows === null ? null : Number(row.uh_rows),
    cloudRows: row.cloud_rows === null ? null : Number(row.cloud_rows),
    differences: row.differences,
    unexplained: row.unexplained,
    seconds: row.seconds,
    repair: row.repair,
    repaired: row.repaired,
    error: row.error,
  }));
}

/** One run's differences, unexplained first; undefined when there is no such run. */
export async function readReconcileDifferences(
  pg: PgStore,
  runId: string,
): Promise<{ run: ReconcileRunSummary; differences: PrintedDifference[] } | undefined> {
  const [run] = await readReconcileRuns(pg, { runId, limit: 1 });
  if (run === undefined) return undefined;
  const { rows } = await pg.query<{
    entity_key: string;
    kind: PrintedDifference['kind'];
    field: string | null;
    uh_value: string | null;
    cloud_value: string | null;
    explanation: Explanation | null;
    detail: string | null;
    repair: string | null;
  }>(
    `SELECT entity_key, kind, field, uh_value, cloud_value, explanation, detail, repair FROM sync.reconcile_difference
WHERE run_id = $1 ORDER BY explanation IS NOT NULL, seq`,
    [runId],
  );
  return {
    run,
    differences: rows.map((row) => ({
      entity: run.entity,
      key: row.entity_key,
      kind: row.kind,
      field: row.field,
      uhValue: row.uh_value,
      cloudValue: row.cloud_value,
      explanation: row.explanation,
      detail: row.detail,
      repair: row.repair,
    })),
  };
}
