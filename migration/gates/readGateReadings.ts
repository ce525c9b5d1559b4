import type { PgClient } from '../../stores/cloud/PgStore';
import { BACKFILL_JOB, FORWARD_JOB, SYNC_ENTITY_UH_TABLES } from '../../stores/cloud/syncEntities';
import { readSyncReadings } from '../../stores/cloud/readSyncReadings';
import { readReconcileReadings, type ReconcileReading } from '../../stores/cloud/readReconcileReadings';
import type { Entity } from '../phases';
import { ENTITY_BACKFILL_SOURCES } from './entityBackfillSources';
import { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from './gateThresholds';

/** How far back shadow mismatches count in `housing migrate status` (and, by default, towards the gate). */
export const SHADOW_WINDOW_HOURS = DEFAULT_GATE_THRESHOLDS.shadowWindowHours;

/** Stranded writes listed one by one in the readings (all are counted). */
export const MAX_STRANDED_LISTED = 20;

/** A cloud write that has not reached UH: what a rollback would leave behind. */
export interface StrandedWrite {
  readonly outboxId: number;
  /** The outbox entity (a table of the graph entity: contactDetails, tenancy, ...). */
  readonly source: string;
  readonly key: string;
  readonly operation: string;
  /** PENDING: waiting for UH; DEAD: refused by UH for good (housing sync dead-letters). */
  readonly status: 'PENDING' | 'DEAD';
  readonly createdAt: string;
}

export type BackfillSourceState = 'notStarted' | 'inProgress' | 'complete';

/**
 * What the safety gates will judge, read from the cloud database at the moment of a phase change and kept
 * with it in migration.phase_history.gate_readings; judgeGates decides on them. The sync's readings are
 * those of the entity's own tables and outbox rows; the traffic readings are what the gateways counted.
 */
export interface GateReadings {
  /** The database's clock when read (the transaction's start, as phase_history.changed_at). */
  readonly readAt: string;
  readonly backfill: {
    /** Every source of the entity has a completed checkpoint. */
    readonly complete: boolean;
    readonly sources: readonly {
      readonly source: string;
      readonly state: BackfillSourceState;
      readonly rowsDone: number;
      readonly updatedAt: string | null;
      /**
       * UH rows of this source the backfill or forward capture could not take and UH has not fixed or deleted since
       * (open sync.reject).
       */
      readonly rejects: number;
    }[];
  };
  readonly rejects: number;
  /**
   * The latest reconciliation of each of the entity's tables (housing reconcile): clean when every source
   * has one and none left an unexplained difference; `at`/`ageHours` are the oldest of those runs'.
   */
  readonly reconciliation: {
    readonly at: string | null;
    readonly ageHours: number | null;
    readonly clean: boolean;
    readonly unexplained: number;
    readonly sources: readonly ReconcileReading[];
  };
  readonly shadowMismatches: { readonly windowHours: number; readonly count: number };
  /**
   * Shadow comparisons counted by the gateways (migration.entity_traffic) in the shadow window: compared =
   * matches + mismatches + failures; a failed cloud read counts as a mismatch in the rate.
   */
  readonly shadowComparisons: {
    readonly windowHours: number;
    readonly compared: number;
    readonly mismatched: number;
    readonly failed: number;
    readonly mismatchRate: number | null;
  };
  /** Requests for the entity answered by each subgraph in the canary window, and their server errors. */
  readonly canary: {
    readonly windowHours: number;
    readonly cloudRequests: number;
    readonly cloudErrors: number;
    readonly cloudErrorRate: number | null;
    readonly legacyRequests: number;
    readonly legacyErrors: number;
    readonly legacyErrorRate: number | null;
  };
  /** Cloud writes of the entity not in UH (outbox PENDING or DEAD): what a rollback would strand. */
  readonly stranded: {
    readonly count: number;
    readonly oldestAt: string | null;
    readonly writes: readonly StrandedWrite[];
  };
  readonly sync: {
    /** UH -> cloud: a live worker, and the worst lag of the entity's UH tables (null: one never caught up). */
    readonly forward: {
      readonly running: boolean;
      readonly lagSeconds: number | null;
      readonly tables: readonly { readonly table: string; readonly lagSeconds: number | null }[];
    };
    /** cloud -> UH: a live worker, and the entity's outbox rows still waiting for UH. */
    readonly reverse: {
      readonly running: boolean;
      readonly pending: number;
      readonly oldestPendingAgeSeconds: number;
      readonly deadLetters: number;
      readonly openConflicts: number;
    };
  };
}

/** A few short queries on an open client (setPhase runs them inside its transaction, after the row lock). */
export async function readGateReadings(
  client: PgClient,
  entity: Entity,
  thresholds: Pick<GateThresholds, 'shadowWindowHours' | 'canaryWindowHours'> = DEFAULT_GATE_THRESHOLDS,
): Promise<GateReadings> {
  const sources = ENTITY_BACKFILL_SOURCES[entity];
  const checkpoints = await client.query<{
    source: string;
    rows_done: string;
    completed: boolean;
    updated_at: Date;
  }>(
    'SELECT source, rows_done, completed, updated_at FROM sync.checkpoint WHERE job = $1 AND source = ANY($2::text[])',
    [BACKFILL_JOB, sources],
  );
  const rejects = await client.query<{ source: string; n: string }>(
    `SELECT source, count(*) AS n FROM sync.reject
WHERE job = ANY($1::text[]) AND source = ANY($2::text[]) AND resolved_at IS NULL GROUP BY source`,
    [[BACKFILL_JOB, FORWARD_JOB], sources],
  );
  const shadow = await client.query<{ n: string; read_at: Date }>(
    `SELECT count(*) AS n, now() AS read_at FROM migration.shadow_mismatch
WHERE entity = $1 AND observed_at >= now() - make_interval(hours => $2)`,
    [entity, thresholds.shadowWindowHours],
  );
  const traffic = await client.query<{
    shadow_matches: string;
    shadow_mismatches: string;
    shadow_failures: string;
    cloud_requests: string;
    cloud_errors: string;
    legacy_requests: string;
    legacy_errors: string;
  }>(
    `SELECT
  coalesce(sum(shadow_matches) FILTER (WHERE in_shadow), 0) AS shadow_matches,
  coalesce(sum(shadow_mismatches) FILTER (WHERE in_shadow), 0) AS shadow_mismatches,
  coalesce(sum(shadow_failures) FILTER (WHERE in_shadow), 0) AS shadow_failures,
  coalesce(sum(cloud_requests) FILTER (WHERE in_canary), 0) AS cloud_requests,
  coalesce(sum(cloud_errors) FILTER (WHERE in_canary), 0) AS cloud_errors,
  coalesce(sum(legacy_requests) FILTER (WHERE in_canary), 0) AS legacy_requests,
  coalesce(sum(legacy_errors) FILTER (WHERE in_canary), 0) AS legacy_errors
FROM (
  SELECT *, minute >= date_trunc('minute', now() - make_interval(secs => $2)) AS in_shadow,
    minute >= date_trunc('minute', now() - make_interval(secs => $3)) AS in_canary
  FROM migration.entity_traffic
  WHERE entity = $1 AND minute >= date_trunc('minute', now() - make_interval(secs => greatest($2, $3)))
) t`,
    [entity, thresholds.shadowWindowHours * 3600, thresholds.canaryWindowHours * 3600],
  );
  const stranded = await client.query<{
    id: string;
    entity: string;
    entity_key: string;
    operation: string;
    status: 'PENDING' | 'DEAD';
    created_at: Date;
    total: string;
  }>(
    `SELECT id, entity, entity_key, operation, status, created_at, count(*) OVER () AS total
FROM sync.outbox WHERE status IN ('PENDING', 'DEAD') AND entity = ANY($1::text[])
ORDER BY id LIMIT $2`,
    [sources, MAX_STRANDED_LISTED],
  );
  const rejectsBySource = new Map(rejects.rows.map((row) => [row.source, Number(row.n)]));
  const perSource = sources.map((source) => {
    const row = checkpoints.rows.find((checkpoint) => checkpoint.source === source);
    const state: BackfillSourceState =
      row === undefined ? 'notStarted' : row.completed ? 'complete' : 'inProgress';
    return {
      source,
      state,
      rowsDone: row === undefined ? 0 : Number(row.rows_done),
      updatedAt: row === undefined ? null : row.updated_at.toISOString(),
      rejects: rejectsBySource.get(source) ?? 0,
    };
  });
  const shadowRow = shadow.rows[0];
  const t = traffic.rows[0];
  const n = (value: string | undefined) => Number(value ?? 0);
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  const compared = n(t?.shadow_matches) + n(t?.shadow_mismatches) + n(t?.shadow_failures);
  const mismatched = n(t?.shadow_mismatches) + n(t?.shadow_failures);
  const sync = await readSyncReadings(client);
  const reconciled = await readReconcileReadings(client, sources);
  const never = reconciled.some((r) => r.runId === null);
  const oldest = never
    ? undefined
    : reconciled.reduce<ReconcileReading | undefined>(
        (a, b) => (a === undefined || (b.ageHours ?? 0) > (a.ageHours ?? 0) ? b : a),
        undefined,
      );
  const tables = [...new Set(sources.flatMap((source) => SYNC_ENTITY_UH_TABLES[source]))].map((table) => ({
    table,
    lagSeconds: sync.forward.find((checkpoint) => checkpoint.table === table)?.lagSeconds ?? null,
  }));
  const outbox = sync.outbox.filter((row) => (sources as readonly string[]).includes(row.entity));
  const alive = (direction: 'forward' | 'reverse') =>
    sync.workers.some((worker) => worker.direction === direction && worker.alive);
  return {
    readAt: (shadowRow?.read_at ?? new Date()).toISOString(),
    backfill: { complete: perSource.every((s) => s.state === 'complete'), sources: perSource },
    rejects: perSource.reduce((sum, s) => sum + s.rejects, 0),
    reconciliation: {
      at: oldest?.finishedAt ?? null,
      ageHours: oldest?.ageHours ?? null,
      clean: !never && reconciled.every((r) => r.unexplained === 0),
      unexplained: reconciled.reduce((sum, r) => sum + r.unexplained, 0),
      sources: reconciled,
    },
    shadowMismatches: { windowHours: thresholds.shadowWindowHours, count: Number(shadowRow?.n ?? 0) },
    shadowComparisons: {
      windowHours: thresholds.shadowWindowHours,
      compared,
      mismatched,
      failed: n(t?.shadow_failures),
      mismatchRate: rate(mismatched, compared),
    },
    canary: {
      windowHours: thresholds.canaryWindowHours,
      cloudRequests: n(t?.cloud_requests),
      cloudErrors: n(t?.cloud_errors),
      cloudErrorRate: rate(n(t?.cloud_errors), n(t?.cloud_requests)),
      legacyRequests: n(t?.legacy_requests),
      legacyErrors: n(t?.legacy_errors),
      legacyErrorRate: rate(n(t?.legacy_errors), n(t?.legacy_requests)),
    },
    stranded: {
      count: Number(stranded.rows[0]?.total ?? 0),
      oldestAt: stranded.rows[0]?.created_at.toISOString() ?? null,
      writes: stranded.rows.map((row) => ({
        outboxId: Number(row.id),
        source: row.entity,
        key: row.entity_key,
        operation: row.operation,
        status: row.status,
        createdAt: row.created_at.toISOString(),
      })),
    },
    sync: {
      forward: {
        running: alive('forward'),
        lagSeconds: tables.some((t) => t.lagSeconds === null)
          ? null
          : Math.max(0, ...tables.map((t) => t.lagSeconds ?? 0)),
        tables,
      },
      reverse: {
        running: alive('reverse'),
        pending: outbox.reduce((sum, row) => sum + row.pending, 0),
        oldestPendingAgeSeconds: Math.max(0, ...outbox.map((row) => row.oldestPendingAgeSeconds)),
        deadLetters: outbox.reduce((sum, row) => sum + row.deadLetters, 0),
        openConflicts: outbox.reduce((sum, row) => sum + row.openConflicts, 0),
      },
    },
  };
}
