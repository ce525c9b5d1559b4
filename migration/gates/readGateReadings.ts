import type { PgClient } from '../../stores/cloud/PgStore';
import { BACKFILL_JOB, SYNC_ENTITY_UH_TABLES } from '../../stores/cloud/syncEntities';
import { readSyncReadings } from '../../stores/cloud/readSyncReadings';
import { readReconcileReadings, type ReconcileReading } from '../../stores/cloud/readReconcileReadings';
import type { Entity } from '../phases';
import { ENTITY_BACKFILL_SOURCES } from './entityBackfillSources';

/** How far back shadow mismatches count towards the gate. */
export const SHADOW_WINDOW_HOURS = 24;

export type BackfillSourceState = 'notStarted' | 'inProgress' | 'complete';

/**
 * What the safety gates will judge, read from the cloud database at the moment of a phase change and kept
 * with it in migration.phase_history.gate_readings. Nothing is judged yet (the gates come in a later
 * issue); until then the readings are the record of what the person moving the entity went ahead with.
 * The sync's readings are those of the entity's own tables and outbox rows.
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
      /** UH rows of this source the backfill could not take (sync.reject). */
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
export async function readGateReadings(client: PgClient, entity: Entity): Promise<GateReadings> {
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
    'SELECT source, count(*) AS n FROM sync.reject WHERE job = $1 AND source = ANY($2::text[]) GROUP BY source',
    [BACKFILL_JOB, sources],
  );
  const shadow = await client.query<{ n: string; read_at: Date }>(
    `SELECT count(*) AS n, now() AS read_at FROM migration.shadow_mismatch
WHERE entity = $1 AND observed_at >= now() - make_interval(hours => $2)`,
    [entity, SHADOW_WINDOW_HOURS],
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
    shadowMismatches: { windowHours: SHADOW_WINDOW_HOURS, count: Number(shadowRow?.n ?? 0) },
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
