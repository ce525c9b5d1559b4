import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { PgStore } from '../../stores/cloud/PgStore';
import { readEntityMaster } from '../../stores/cloud/readEntityMaster';
import { SYNC_ENTITIES, type SyncEntityName } from '../../stores/cloud/syncEntities';
import { UhStore } from '../../stores/uh/UhStore';
import { compareEntity, DEFAULT_BISECT, type BisectOptions } from './compareEntity';
import { explainDifferences } from './explainDifferences';
import { failReconcileRun, finishReconcileRun, startReconcileRun } from './persistReconcileRun';
import { reconcileEntities } from './reconcileEntities';
import type { EntityReconcileReport, ReconcileReport } from './ReconcileReport';
import { repairDifferences } from './repairDifferences';

export interface ReconcileOptions {
  readonly uh: MssqlConnectionConfig;
  readonly cloudUrl: string;
  /** Which entities (default all), always in SYNC_ENTITIES' order. */
  readonly entities?: readonly SyncEntityName[];
  /** Re-sync the differing rows from each entity's master, and record what was done. */
  readonly repair?: boolean;
  readonly bisect?: BisectOptions;
  /** Limit for one UH request (a whole table's checksum at scale large takes seconds). */
  readonly uhTimeoutMs?: number;
  readonly onEntity?: (report: EntityReconcileReport) => void;
}

/**
 * Reconcile UH against the cloud, entity by entity: compare (compareEntity), classify each difference
 * (explainDifferences), optionally repair, and keep the run and its differences in sync.reconcile_run /
 * sync.reconcile_difference. A failure marks the entity's run 'failed' with its error and stops the run.
 */
export async function runReconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const started = performance.now();
  const wanted = SYNC_ENTITIES.filter(
    (name) => options.entities === undefined || options.entities.includes(name),
  );
  const bisect = options.bisect ?? DEFAULT_BISECT;
  const pg = new PgStore({
    connectionString: withoutParallelQueries(options.cloudUrl),
    max: bisect.concurrency + 1,
    applicationName: 'housing reconcile',
  });
  const uh = new UhStore({
    connection: options.uh,
    timeoutMs: options.uhTimeoutMs ?? 300_000,
    maxConnections: bisect.concurrency + 1,
  });
  try {
    const entities: EntityReconcileReport[] = [];
    for (const name of wanted) {
      const entity = reconcileEntities[name];
      const run = await startReconcileRun(pg, name, options.repair === true);
      try {
        const comparison = await compareEntity(uh, pg, entity, bisect);
        const differences = await explainDifferences(pg, entity, comparison.differences);
        const repair =
          options.repair === true && differences.length > 0
            ? await repairDifferences(uh, pg, entity, await readEntityMaster(pg, name), differences)
            : null;
        await finishReconcileRun(
          pg,
          run.id,
          comparison,
          differences,
          repair?.actions ?? [],
          repair?.summary.repaired ?? 0,
        );
        const unexplained = differences.filter((d) => d.explanation === null).length;
        const report: EntityReconcileReport = {
          runId: run.id,
          entity: name,
          startedAt: run.startedAt,
          uhRows: comparison.uhRows,
          cloudRows: comparison.cloudRows,
          rowsCompared: Math.max(comparison.uhRows, comparison.cloudRows),
          rangesHashed: comparison.rangesHashed,
          rowHashesFetched: comparison.rowHashesFetched,
          rowsFetched: comparison.rowsFetched,
          seconds: comparison.seconds,
          differences: differences.map((d, i) => ({ ...d, repair: repair?.actions[i] ?? null })),
          explained: differences.length - unexplained,
          unexplained,
          repair: repair?.summary ?? null,
        };
        entities.push(report);
        options.onEntity?.(report);
      } catch (error) {
        await failReconcileRun(pg, run.id, error).catch(() => undefined);
        throw error;
      }
    }
    return {
      entities,
      seconds: (performance.now() - started) / 1000,
      unexplained: entities.reduce((sum, e) => sum + e.unexplained, 0),
    };
  } finally {
    await uh.close();
    await pg.close();
  }
}

/**
 * Range checksums are small queries run by the hundred: the planner, misjudging a key range's size,
 * starts parallel workers for them, and starting workers costs more than the query (10-25 ms each). The
 * reconciliation's own sessions run without them (libpq's `options` startup parameter).
 */
function withoutParallelQueries(url: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set(
    'options',
    `${options === null ? '' : `${options} `}-c max_parallel_workers_per_gather=0`,
  );
  return parsed.toString();
}
