import type { PgClient } from '../../stores/cloud/PgStore';
import { readLagSeries } from '../../stores/cloud/readLagSeries';
import { readLatestReconcileRuns } from '../../stores/cloud/readReconcileRuns';
import { readLatestPropertyIndexRun } from '../../stores/cloud/propertyIndexRuns';
import { readSyncReadings, type SyncReadings } from '../../stores/cloud/readSyncReadings';
import type { GateThresholds } from '../gates/gateThresholds';
import { SHADOW_WINDOW_HOURS } from '../gates/readGateReadings';
import type { EntityPhase } from '../phases';
import { nextStep, previousStep } from './adjacentSteps';
import type {
  EntityOverview,
  MigrationOverview,
  RecentShadowMismatch,
  SyncOverview,
} from './MigrationOverview';
import { previewGates } from './previewGates';

/** Mismatches listed with their values; the gate counts every one in its window. */
export const RECENT_SHADOW_MISMATCHES = 20;

/**
 * The dashboard's reading, on one connection: each entity with the gates of its next step judged as
 * setPhase would judge them, the sync's workers and queues, lag over the last hour, recent shadow
 * mismatches with both values, the latest reconciliations and Property Index. Read-only: no lock taken.
 */
export async function readMigrationOverview(
  client: PgClient,
  phases: readonly EntityPhase[],
  thresholds: GateThresholds,
): Promise<MigrationOverview> {
  const entities: EntityOverview[] = [];
  for (const current of phases) {
    const next = nextStep(current);
    // The readings do not depend on the step; with no step ahead they are still read (and judged for none).
    const { readings, verdict } = await previewGates(client, current, next ?? current, thresholds);
    entities.push({
      entity: current.entity,
      phase: current.phase,
      percent: current.percent,
      changedBy: current.changedBy,
      changedAt: current.changedAt.toISOString(),
      reason: current.reason,
      next: next === null ? null : { ...next, verdict },
      back: previousStep(current),
      readings,
    });
  }
  const sync = await readSyncReadings(client);
  const mismatches = await client.query<{
    id: string;
    entity: string;
    operation_name: string | null;
    path: string;
    legacy_value: unknown;
    cloud_value: unknown;
    observed_at: Date;
  }>(
    `SELECT id, entity, operation_name, path, legacy_value, cloud_value, observed_at
FROM migration.shadow_mismatch ORDER BY observed_at DESC, id DESC LIMIT $1`,
    [RECENT_SHADOW_MISMATCHES],
  );
  const recent: RecentShadowMismatch[] = mismatches.rows.map((row) => ({
    id: row.id,
    entity: row.entity,
    operationName: row.operation_name,
    path: row.path,
    legacyValue: row.legacy_value,
    cloudValue: row.cloud_value,
    observedAt: row.observed_at.toISOString(),
  }));
  return {
    readAt: sync.readAt,
    thresholds,
    entities,
    sync: summariseSync(sync),
    lag: await readLagSeries(client),
    shadowMismatches: { windowHours: SHADOW_WINDOW_HOURS, recent },
    reconciliations: await readLatestReconcileRuns(client),
    propertyIndex: await readLatestPropertyIndexRun(client),
  };
}

function summariseSync(sync: SyncReadings): SyncOverview {
  const lag = (direction: 'forward' | 'reverse'): number | null => {
    const worker = sync.workers.find((w) => w.direction === direction && w.alive);
    if (worker === undefined) return null;
    return Math.max(0, ...worker.sources.map((source) => source.lagSeconds));
  };
  return {
    workers: sync.workers,
    forwardLagSeconds: lag('forward'),
    reverseLagSeconds: lag('reverse'),
    outboxDepth: sync.outbox.reduce((sum, row) => sum + row.pending, 0),
    oldestOutboxAgeSeconds: Math.max(0, ...sync.outbox.map((row) => row.oldestPendingAgeSeconds)),
    deadLetters: sync.deadLetters,
    openConflicts: sync.openConflicts,
  };
}
