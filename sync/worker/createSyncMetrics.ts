import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncReadings } from '../../stores/cloud/readSyncReadings';
import type { CycleReport, SyncDirectionName } from './SyncDirection';
import type { WorkerState } from './SyncWorker';

/**
 * The sync worker's Prometheus metrics (one registry per service). Per direction and source (a UH table
 * or an outbox entity): lag in seconds and rows, rows applied; per direction: cycles and their duration,
 * whether this process holds the direction; from the database: outbox depth and age per entity, open dead
 * letters and conflicts (the same numbers on every replica, read every few seconds).
 */
export interface SyncMetrics {
  readonly registry: Registry;
  observeCycle(direction: SyncDirectionName, report: CycleReport, durationMs: number): void;
  observeFailure(direction: SyncDirectionName): void;
  observeState(direction: SyncDirectionName, state: WorkerState): void;
  observeReadings(readings: SyncReadings): void;
}

export function createSyncMetrics(): SyncMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'housing_sync_' });
  const lagSeconds = new Gauge({
    name: 'housing_sync_lag_seconds',
    help: 'Seconds since the source was last fully caught up (forward: a UH table; reverse: an outbox entity)',
    labelNames: ['direction', 'source'],
    registers: [registry],
  });
  const lagRows = new Gauge({
    name: 'housing_sync_lag_rows',
    help: 'Changes known to be waiting (forward: UH rows above the checkpoint; reverse: pending outbox rows)',
    labelNames: ['direction', 'source'],
    registers: [registry],
  });
  const applied = new Counter({
    name: 'housing_sync_rows_applied_total',
    help: 'Rows applied (forward: to the cloud; reverse: to UH)',
    labelNames: ['direction', 'source'],
    registers: [registry],
  });
  const cycles = new Counter({
    name: 'housing_sync_cycles_total',
    help: 'Sync cycles by outcome',
    labelNames: ['direction', 'outcome'],
    registers: [registry],
  });
  const cycleDuration = new Histogram({
    name: 'housing_sync_cycle_duration_seconds',
    help: 'Duration of one sync cycle',
    labelNames: ['direction'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const active = new Gauge({
    name: 'housing_sync_worker_active',
    help: '1 while this process holds the direction (running or backing off), 0 on standby',
    labelNames: ['direction'],
    registers: [registry],
  });
  const outboxDepth = new Gauge({
    name: 'housing_sync_outbox_pending',
    help: 'Outbox rows waiting to be applied to UH, per entity',
    labelNames: ['entity'],
    registers: [registry],
  });
  const outboxAge = new Gauge({
    name: 'housing_sync_outbox_oldest_pending_seconds',
    help: 'Age of the oldest outbox row waiting to be applied to UH, per entity',
    labelNames: ['entity'],
    registers: [registry],
  });
  const deadLetters = new Gauge({
    name: 'housing_sync_dead_letters',
    help: 'Outbox rows that could not be applied to UH and wait for `housing sync retry`, per entity',
    labelNames: ['entity'],
    registers: [registry],
  });
  const conflicts = new Gauge({
    name: 'housing_sync_open_conflicts',
    help: 'Rows changed on both sides and not yet reviewed (sync.conflict), per entity',
    labelNames: ['entity'],
    registers: [registry],
  });
  return {
    registry,
    observeCycle: (direction, report, durationMs) => {
      cycles.inc({ direction, outcome: 'ok' });
      cycleDuration.observe({ direction }, durationMs / 1000);
      for (const source of report.sources) {
        const labels = { direction, source: source.source };
        lagSeconds.set(labels, source.lagSeconds);
        lagRows.set(labels, source.lagRows);
        if (source.applied > 0) applied.inc(labels, source.applied);
      }
    },
    observeFailure: (direction) => cycles.inc({ direction, outcome: 'failed' }),
    observeState: (direction, state) =>
      active.set({ direction }, state === 'running' || state === 'backoff' ? 1 : 0),
    observeReadings: (readings) => {
      for (const gauge of [outboxDepth, outboxAge, deadLetters, conflicts]) gauge.reset();
      for (const row of readings.outbox) {
        outboxDepth.set({ entity: row.entity }, row.pending);
        outboxAge.set({ entity: row.entity }, row.oldestPendingAgeSeconds);
        deadLetters.set({ entity: row.entity }, row.deadLetters);
        conflicts.set({ entity: row.entity }, row.openConflicts);
      }
    },
  };
}
