import type { PgClient } from './PgStore';

/** One reconciliation run of one sync entity (housing reconcile), as sync.reconcile_run keeps it. */
export interface ReconcileRunReading {
  readonly id: string;
  readonly source: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly uhRows: number | null;
  readonly cloudRows: number | null;
  readonly differences: number;
  readonly unexplained: number;
  readonly seconds: number | null;
  readonly error: string | null;
}

/** The latest run (whatever its status) of each sync entity that was ever reconciled, newest first. */
export async function readLatestReconcileRuns(client: PgClient): Promise<ReconcileRunReading[]> {
  const { rows } = await client.query<{
    id: string;
    entity: string;
    status: 'running' | 'done' | 'failed';
    started_at: Date;
    finished_at: Date | null;
    uh_rows: string | null;
    cloud_rows: string | null;
    differences: number;
    unexplained: number;
    seconds: number | null;
    error: string | null;
  }>(
    `SELECT * FROM (
  SELECT DISTINCT ON (entity) id, entity, status, started_at, finished_at, uh_rows, cloud_rows, differences,
    unexplained, seconds, error
  FROM sync.reconcile_run ORDER BY entity, started_at DESC, id DESC
) latest ORDER BY started_at DESC, id DESC`,
  );
  return rows.map((row) => ({
    id: row.id,
    source: row.entity,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    uhRows: row.uh_rows === null ? null : Number(row.uh_rows),
    cloudRows: row.cloud_rows === null ? null : Number(row.cloud_rows),
    differences: row.differences,
    unexplained: row.unexplained,
    seconds: row.seconds,
    error: row.error,
  }));
}
