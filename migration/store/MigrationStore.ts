import { PgStore } from '../../stores/cloud/PgStore';
import { CloudStoreUnavailableError } from '../../stores/cloud/cloudStoreErrors';
import {
  ENTITIES,
  PHASES,
  formatPhase,
  isEntity,
  isPhase,
  type Entity,
  type EntityPhase,
  type Phase,
} from '../phases';
import { MigrationControlError, invalidInput } from '../migrationErrors';
import {
  checkAgainstCurrent,
  validatePhaseRequest,
  type PhaseChangeRequest,
  type ValidPhaseChange,
} from '../validatePhaseChange';
import { readGateReadings } from '../gates/readGateReadings';
import { formatGateFailure, judgeGates, type GateVerdict } from '../gates/judgeGates';
import { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from '../gates/gateThresholds';
import { toShadowMismatchColumns, type ShadowMismatch } from './shadowMismatchRows';
import { ENTITY_BACKFILL_SOURCES } from '../gates/entityBackfillSources';
import { SYNC_ENTITY_UH_TABLES } from '../../stores/cloud/syncEntities';
import { MAX_LOCAL_PIN_MS, type PinnedStore, type ReadPin } from '../ReadPins';
import { readMigrationOverview } from '../overview/readMigrationOverview';
import type { MigrationOverview } from '../overview/MigrationOverview';
import { WORKER_ALIVE_SECONDS } from '../../stores/cloud/readSyncReadings';
import { systemMigrationClock, type MigrationClock } from '../MigrationClock';
import type { GateReadings } from '../gates/readGateReadings';

export type { ShadowMismatch } from './shadowMismatchRows';

/** One row of migration.phase_history: a transition with who, when, why and the gate readings then. */
export interface PhaseChange {
  readonly id: number;
  readonly entity: Entity;
  readonly fromPhase: Phase;
  readonly fromPercent: number;
  readonly toPhase: Phase;
  readonly toPercent: number;
  readonly changedBy: string;
  readonly changedAt: Date;
  readonly reason: string;
  readonly gateReadings: Record<string, unknown>;
}

export interface MigrationStoreOptions {
  readonly connectionString: string;
  /** Connections: the gateway's watcher needs one, the CLI one or two. */
  readonly max?: number;
  /**
   * statement_timeout and connection timeout. The gateway reads every second: a read that hangs must fail
   * well before the next phase change is due (2 s), so keep it short there.
   */
  readonly timeoutMs?: number;
  readonly applicationName?: string;
  readonly onIdleError?: (error: Error) => void;
  /** What the safety gates judge readings against (default DEFAULT_GATE_THRESHOLDS). */
  readonly gateThresholds?: GateThresholds;
  /** Time for the rollback's outbox drain (tests inject one). */
  readonly clock?: MigrationClock;
  /** Told once when a rollback starts waiting for cloud writes to reach UH (the CLI says so). */
  readonly onDrainWait?: (wait: { entity: Entity; pending: number; maxSeconds: number }) => void;
}

/** previewPhaseChange's request: a PhaseChangeRequest whose reason and author may be left out. */
export type PhaseChangePreviewRequest = Omit<PhaseChangeRequest, 'reason' | 'changedBy'> & {
  readonly reason?: string;
  readonly changedBy?: string;
};

/** What a phase change would meet now: the verdict, the readings it judged, and the thresholds used. */
export interface PhaseChangePreview {
  readonly entity: Entity;
  readonly from: { readonly phase: Phase; readonly percent: number };
  readonly to: { readonly phase: Phase; readonly percent: number };
  readonly verdict: GateVerdict;
  readonly readings: GateReadings;
  readonly thresholds: GateThresholds;
  /** What setPhase would throw (GateFailedError's message); null when the change would be made. */
  readonly message: string | null;
}

/** One gateway's counts for one entity in one minute (migration.entity_traffic). */
export interface EntityTrafficCount extends TrafficTotals {
  readonly entity: string;
  /** Any time in the minute (truncated to it). */
  readonly minute: Date;
}

export interface TrafficTotals {
  readonly legacyRequests: number;
  readonly legacyErrors: number;
  readonly cloudRequests: number;
  readonly cloudErrors: number;
  readonly shadowMatches: number;
  readonly shadowMismatches: number;
  readonly shadowFailures: number;
}

/** Advisory lock keys (two-int form) of the migration controls; the sync's namespace is 7240100. */
export const MIGRATION_LOCK_NAMESPACE = 7_240_200;
const GUARD_LOCK_KEY = 1;
const DRAIN_POLL_MS = 250;

/** A refused forward move: every gate with its reading, for people (message) and programs (verdict). */
export class GateFailedError extends MigrationControlError {
  readonly verdict: GateVerdict;
  constructor(message: string, verdict: GateVerdict) {
    super('MIGRATION_GATE_FAILED', message);
    this.name = 'GateFailedError';
    this.verdict = verdict;
  }
}

export const DEFAULT_MIGRATION_STORE_TIMEOUT_MS = 5_000;
export const MAX_HISTORY_LIMIT = 1_000;

/** SQLSTATEs meaning "this database has not been migrated": undefined_table, invalid_schema_name. */
const SCHEMA_MISSING_SQLSTATES = new Set(['42P01', '3F000']);
/** query_canceled (statement_timeout), invalid_catalog_name (the database is gone), cannot_connect_now. */
const UNREACHABLE_SQLSTATES = new Set(['57014', '3D000', '57P03', '55000']);

interface PhaseRow {
  entity: string;
  phase: string;
  percent: number;
  changed_by: string;
  changed_at: Date;
  reason: string;
}

const PHASE_COLUMNS = 'entity, phase, percent, changed_by, changed_at, reason';

/**
 * The migration schema's one store: per-entity phases (read live by the gateway, changed by
 * `housing migrate`), their history, and the gateway's shadow mismatches. It owns its pool (a PgStore,
 * the cloud store's pool module) and translates driver errors into MigrationControlError with `cause`.
 */
export class MigrationStore {
  private readonly store: PgStore;
  private readonly thresholds: GateThresholds;
  private readonly clock: MigrationClock;
  private readonly onDrainWait: MigrationStoreOptions['onDrainWait'];

  constructor(options: MigrationStoreOptions) {
    this.thresholds = options.gateThresholds ?? DEFAULT_GATE_THRESHOLDS;
    this.clock = options.clock ?? systemMigrationClock;
    this.onDrainWait = options.onDrainWait;
    this.store = new PgStore({
      connectionString: options.connectionString,
      max: options.max ?? 2,
      applicationName: options.applicationName ?? 'housing-graph migration',
      timeoutMs: options.timeoutMs ?? DEFAULT_MIGRATION_STORE_TIMEOUT_MS,
      onIdleError: options.onIdleError,
    });
  }

  /** Every entity's phase, in ENTITIES order: one primary-key-sized query (the gateway calls it every second). */
  async readPhases(): Promise<EntityPhase[]> {
    const { rows } = await this.run(() =>
      this.store.query<PhaseRow>(`SELECT ${PHASE_COLUMNS} FROM migration.entity_phase`),
    );
    return inEntityOrder(rows.map(toEntityPhase));
  }

  /**
   * The dashboard's reading (migration/overview): each entity with its next step's gates judged now, the
   * sync, lag over the last hour, recent shadow mismatches, reconciliations and the Property Index. One
   * read-only snapshot, so every number on the page is of the same moment.
   */
  async readOverview(): Promise<MigrationOverview> {
    return this.run(() =>
      this.store.withTransaction(async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const { rows } = await client.query<PhaseRow>(`SELECT ${PHASE_COLUMNS} FROM migration.entity_phase`);
        return readMigrationOverview(client, inEntityOrder(rows.map(toEntityPhase)), this.thresholds);
      }),
    );
  }

  /**
   * Moves one entity to a phase, in one transaction: the row locked (two people moving the same entity
   * at once are serialised, and the second sees the first's result), the change validated against it,
   * the gate readings taken and judged, the row updated and the history written with the readings and the
   * verdict. Any failure rolls all of it back. Leaving CANARY or CLOUD first waits (at most
   * rollbackDrainSeconds, while a reverse worker is alive) for the entity's outbox to drain, outside the
   * transaction so nobody else waits on the row meanwhile.
   */
  async setPhase(request: PhaseChangeRequest): Promise<{ before: EntityPhase; after: EntityPhase }> {
    const change = validatePhaseRequest(request);
    const current = (await this.readPhases()).find((p) => p.entity === change.entity);
    if (current !== undefined && isRollbackFromCloud(current, change)) await this.drainOutbox(change.entity);
    return this.run(() =>
      this.store.withTransaction(async (client) => {
        const locked = await client.query<PhaseRow>(
          `SELECT ${PHASE_COLUMNS} FROM migration.entity_phase WHERE entity = $1 FOR UPDATE`,
          [change.entity],
        );
        const row = locked.rows[0];
        if (row === undefined) throw missingRow(change.entity);
        const before = toEntityPhase(row);
        checkExpected(before, request.ifPhase);
        checkAgainstCurrent(before, change);
        const readings = await readGateReadings(client, change.entity, this.thresholds);
        // Judged inside this transaction, after the row lock: a refused change writes nothing, and two
        // people moving the same entity are judged one after the other on fresh readings.
        const verdict = judgeGates(before, change, readings, this.thresholds);
        const overridden = !verdict.passed && verdict.direction === 'forward' && change.overrideGates;
        const lossAccepted = !verdict.passed && verdict.direction === 'back' && change.acceptLoss;
        if (!verdict.passed && !overridden && !lossAccepted) {
          throw new GateFailedError(formatGateFailure(change.entity, before, change, verdict), verdict);
        }
        const gateReadings = {
          ...readings,
          verdict,
          ...(overridden ? { override: { reason: change.reason, by: change.changedBy } } : {}),
          ...(lossAccepted
            ? { acceptedLoss: { reason: change.reason, by: change.changedBy, stranded: readings.stranded } }
            : {}),
          ...(request.gateReadings === undefined ? {} : { supplied: request.gateReadings }),
        };
        const updated = await client.query<PhaseRow>(
          `UPDATE migration.entity_phase
SET phase = $2, percent = $3, changed_by = $4, reason = $5, changed_at = now()
WHERE entity = $1
RETURNING ${PHASE_COLUMNS}`,
          [change.entity, change.phase, change.percent, change.changedBy, change.reason],
        );
        const after = toEntityPhase(updated.rows[0] ?? row);
        await client.query(
          `INSERT INTO migration.phase_history
  (entity, from_phase, from_percent, to_phase, to_percent, changed_by, changed_at, reason, gate_readings)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
          [
            change.entity,
            before.phase,
            before.percent,
            after.phase,
            after.percent,
            after.changedBy,
            after.changedAt,
            after.reason,
            JSON.stringify(gateReadings),
          ],
        );
        return { before, after };
      }),
    );
  }

  /**
   * The verdict setPhase would give now, and the readings it judged, without changing anything (no row
   * lock, nothing written; the rollback's outbox drain is not waited for): `housing migrate gates` and the
   * dashboard. Reason and changedBy are optional here. Throws what setPhase throws for a request it refuses
   * before judging (bad input, no change at all, the database away); a failing gate is a verdict, not an error.
   */
  async previewPhaseChange(request: PhaseChangePreviewRequest): Promise<PhaseChangePreview> {
    const change = validatePhaseRequest({
      ...request,
      reason: request.reason ?? 'preview',
      changedBy: request.changedBy ?? 'preview',
    });
    return this.run(() =>
      this.store.withTransaction(async (client) => {
        await client.query('SET TRANSACTION READ ONLY');
        const { rows } = await client.query<PhaseRow>(
          `SELECT ${PHASE_COLUMNS} FROM migration.entity_phase WHERE entity = $1`,
          [change.entity],
        );
        const row = rows[0];
        if (row === undefined) throw missingRow(change.entity);
        const before = toEntityPhase(row);
        checkAgainstCurrent(before, change);
        const readings = await readGateReadings(client, change.entity, this.thresholds);
        const verdict = judgeGates(before, change, readings, this.thresholds);
        return {
          entity: change.entity,
          from: { phase: before.phase, percent: before.percent },
          to: { phase: change.phase, percent: change.percent },
          verdict,
          readings,
          thresholds: this.thresholds,
          message: verdict.passed ? null : formatGateFailure(change.entity, before, change, verdict),
        };
      }),
    );
  }

  /** The thresholds this store judges by (defaults, or a thresholds file's). */
  get gateThresholds(): GateThresholds {
    return this.thresholds;
  }

  /**
   * Waits for the entity's PENDING outbox rows to be applied, polling, for at most rollbackDrainSeconds,
   * and only while a reverse worker is alive (with none, nothing will drain: the gate reports what is left).
   */
  private async drainOutbox(entity: Entity): Promise<void> {
    const deadline = this.clock.now() + this.thresholds.rollbackDrainSeconds * 1000;
    let told = false;
    for (;;) {
      const { rows } = await this.run(() =>
        this.store.query<{ pending: string; alive: boolean }>(
          `SELECT (SELECT count(*) FROM sync.outbox WHERE status = 'PENDING' AND entity = ANY($1::text[])) AS pending,
  EXISTS (SELECT 1 FROM sync.worker WHERE direction = 'reverse' AND state <> 'stopped'
          AND heartbeat_at > now() - make_interval(secs => $2)) AS alive`,
          [ENTITY_BACKFILL_SOURCES[entity], WORKER_ALIVE_SECONDS],
        ),
      );
      const row = rows[0];
      if (row === undefined || Number(row.pending) === 0 || !row.alive) return;
      if (this.clock.now() >= deadline) return;
      if (!told) {
        told = true;
        this.onDrainWait?.({
          entity,
          pending: Number(row.pending),
          maxSeconds: this.thresholds.rollbackDrainSeconds,
        });
      }
      await this.clock.sleep(DRAIN_POLL_MS);
    }
  }

  /** Newest first; one entity's or every entity's. */
  async history(entity?: Entity, limit = 50): Promise<PhaseChange[]> {
    if (entity !== undefined && !isEntity(String(entity))) {
      throw invalidInput(`unknown entity ${JSON.stringify(entity)}; expected one of ${ENTITIES.join(', ')}`);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
      throw invalidInput(
        `limit: expected a whole number from 1 to ${MAX_HISTORY_LIMIT}, got ${String(limit)}`,
      );
    }
    const { rows } = await this.run(() =>
      this.store.query<{
        id: string;
        entity: string;
        from_phase: string;
        from_percent: number;
        to_phase: string;
        to_percent: number;
        changed_by: string;
        changed_at: Date;
        reason: string;
        gate_readings: Record<string, unknown>;
      }>(
        `SELECT id, entity, from_phase, from_percent, to_phase, to_percent, changed_by, changed_at, reason, gate_readings
FROM migration.phase_history
WHERE $1::text IS NULL OR entity = $1
ORDER BY changed_at DESC, id DESC
LIMIT $2`,
        [entity ?? null, limit],
      ),
    );
    return rows.map((row) => ({
      id: Number(row.id),
      entity: checkedEntity(row.entity),
      fromPhase: checkedPhase(row.from_phase),
      fromPercent: row.from_percent,
      toPhase: checkedPhase(row.to_phase),
      toPercent: row.to_percent,
      changedBy: row.changed_by,
      changedAt: row.changed_at,
      reason: row.reason,
      gateReadings: row.gate_readings,
    }));
  }

  /** One INSERT for the whole batch (at most MAX_SHADOW_MISMATCHES_PER_CALL rows). */
  async recordShadowMismatches(rows: readonly ShadowMismatch[]): Promise<void> {
    const columns = toShadowMismatchColumns(rows);
    if (rows.length === 0) return;
    await this.run(() =>
      this.store.query(
        `INSERT INTO migration.shadow_mismatch (entity, operation_name, path, legacy_value, cloud_value)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[])`,
        [columns.entities, columns.operationNames, columns.paths, columns.legacyValues, columns.cloudValues],
      ),
    );
  }

  /** Mismatches observed since `since`, per entity (0 for an entity with none). */
  async shadowMismatchCounts(since: Date): Promise<Record<Entity, number>> {
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) {
      throw invalidInput(`since: expected a valid Date, got ${String(since)}`);
    }
    const { rows } = await this.run(() =>
      this.store.query<{ entity: string; n: string }>(
        `SELECT entity, count(*) AS n FROM migration.shadow_mismatch WHERE observed_at >= $1 GROUP BY entity`,
        [since],
      ),
    );
    const counts = Object.fromEntries(ENTITIES.map((entity) => [entity, 0])) as Record<Entity, number>;
    for (const row of rows) if (isEntity(row.entity)) counts[row.entity] = Number(row.n);
    return counts;
  }

  /**
   * Adds a gateway's counts to migration.entity_traffic: one statement for every entity and minute in the
   * batch (the counts are added to what other replicas wrote).
   */
  async recordEntityTraffic(rows: readonly EntityTrafficCount[]): Promise<void> {
    if (rows.length === 0) return;
    const known = rows.filter((row) => isEntity(row.entity));
    if (known.length !== rows.length) {
      const unknown = rows.find((row) => !isEntity(row.entity));
      throw invalidInput(
        `unknown entity ${JSON.stringify(unknown?.entity)}; expected one of ${ENTITIES.join(', ')}`,
      );
    }
    const column = (pick: (row: EntityTrafficCount) => number) => known.map(pick);
    await this.run(() =>
      this.store.query(
        `INSERT INTO migration.entity_traffic AS t (entity, minute, legacy_requests, legacy_errors, cloud_requests,
  cloud_errors, shadow_matches, shadow_mismatches, shadow_failures)
SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
  $7::bigint[], $8::bigint[], $9::bigint[])
ON CONFLICT (entity, minute) DO UPDATE SET
  legacy_requests = t.legacy_requests + EXCLUDED.legacy_requests,
  legacy_errors = t.legacy_errors + EXCLUDED.legacy_errors,
  cloud_requests = t.cloud_requests + EXCLUDED.cloud_requests,
  cloud_errors = t.cloud_errors + EXCLUDED.cloud_errors,
  shadow_matches = t.shadow_matches + EXCLUDED.shadow_matches,
  shadow_mismatches = t.shadow_mismatches + EXCLUDED.shadow_mismatches,
  shadow_failures = t.shadow_failures + EXCLUDED.shadow_failures`,
        [
          known.map((row) => row.entity),
          known.map((row) => new Date(Math.floor(row.minute.getTime() / 60_000) * 60_000)),
          column((row) => row.legacyRequests),
          column((row) => row.legacyErrors),
          column((row) => row.cloudRequests),
          column((row) => row.cloudErrors),
          column((row) => row.shadowMatches),
          column((row) => row.shadowMismatches),
          column((row) => row.shadowFailures),
        ],
      ),
    );
  }

  /**
   * Every entity's traffic totals over the last `windowSeconds` (whole minutes, by the database clock), and
   * for an entity in `notBefore` none from minutes before the one of that time (the guard counts what the
   * entity's current phase served, from the minute it began).
   */
  async readEntityTraffic(
    windowSeconds: number,
    notBefore?: ReadonlyMap<Entity, Date>,
  ): Promise<Record<Entity, TrafficTotals>> {
    if (!Number.isFinite(windowSeconds) || windowSeconds < 0) {
      throw invalidInput(`window: expected a number of seconds, 0 or more, got ${String(windowSeconds)}`);
    }
    const since = Object.fromEntries(
      [...(notBefore ?? [])].map(([entity, at]) => [entity, at.toISOString()]),
    );
    const { rows } = await this.run(() =>
      this.store.query<Record<string, string>>(
        `SELECT entity, sum(legacy_requests) AS legacy_requests, sum(legacy_errors) AS legacy_errors,
  sum(cloud_requests) AS cloud_requests, sum(cloud_errors) AS cloud_errors, sum(shadow_matches) AS shadow_matches,
  sum(shadow_mismatches) AS shadow_mismatches, sum(shadow_failures) AS shadow_failures
FROM migration.entity_traffic
WHERE minute >= date_trunc('minute', now() - make_interval(secs => $1))
  AND minute >= coalesce(date_trunc('minute', ($2::jsonb ->> entity)::timestamptz), '-infinity')
GROUP BY entity`,
        [windowSeconds, JSON.stringify(since)],
      ),
    );
    const totals = Object.fromEntries(ENTITIES.map((entity) => [entity, noTraffic()])) as Record<
      Entity,
      TrafficTotals
    >;
    for (const row of rows) {
      const entity = row.entity ?? '';
      if (!isEntity(entity)) continue;
      const n = (key: string) => Number(row[key] ?? 0);
      totals[entity] = {
        legacyRequests: n('legacy_requests'),
        legacyErrors: n('legacy_errors'),
        cloudRequests: n('cloud_requests'),
        cloudErrors: n('cloud_errors'),
        shadowMatches: n('shadow_matches'),
        shadowMismatches: n('shadow_mismatches'),
        shadowFailures: n('shadow_failures'),
      };
    }
    return totals;
  }

  /** Deletes traffic counts older than `days` (the automatic guard calls it now and then). */
  async pruneEntityTraffic(days: number): Promise<number> {
    const { rowCount } = await this.run(() =>
      this.store.query(
        `DELETE FROM migration.entity_traffic WHERE minute < now() - make_interval(days => $1)`,
        [days],
      ),
    );
    return rowCount ?? 0;
  }

  /**
   * Runs `work` while holding the automatic guard's advisory lock (a transaction-scoped lock on one of this
   * store's connections), so only one gateway replica judges and acts at a time; 'busy' when another holds it.
   */
  async withGuardLock<T>(work: () => Promise<T>): Promise<T | 'busy'> {
    return this.run(() =>
      this.store.withTransaction(async (client) => {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1, $2) AS locked',
          [MIGRATION_LOCK_NAMESPACE, GUARD_LOCK_KEY],
        );
        if (rows[0]?.locked !== true) return 'busy' as const;
        return work();
      }),
    );
  }

  /** A consumer wrote an entity through `store` (the gateway, after a mutation): its reads stay there. */
  async recordReadPin(pin: ReadPin): Promise<void> {
    await this.run(() =>
      this.store.query(
        `INSERT INTO migration.read_pin (consumer_key, entity, store, written_at) VALUES ($1, $2, $3, now())
ON CONFLICT (consumer_key, entity) DO UPDATE SET store = EXCLUDED.store, written_at = now()`,
        [pin.consumerKey, pin.entity, pin.store],
      ),
    );
  }

  /**
   * The pins the sync has not passed yet: a UH write ('legacy') until forward capture of every UH table the
   * entity is served from caught up after it; a cloud write ('cloud') while an outbox row of the entity
   * written no later than it still waits for UH (or was refused by UH: a dead letter). Older than an hour:
   * the sync is down, not behind, and the pin goes (the gates and alerts say so). Passed pins are deleted
   * now and then by whichever replica loads them.
   */
  async readActivePins(): Promise<ReadPin[]> {
    const tables = Object.fromEntries(
      ENTITIES.map((entity) => [
        entity,
        [...new Set(ENTITY_BACKFILL_SOURCES[entity].flatMap((source) => SYNC_ENTITY_UH_TABLES[source]))],
      ]),
    );
    const sources = Object.fromEntries(ENTITIES.map((entity) => [entity, ENTITY_BACKFILL_SOURCES[entity]]));
    const { rows } = await this.run(() =>
      this.store.query<{ consumer_key: string; entity: string; store: PinnedStore }>(
        `WITH pins AS (
  SELECT p.consumer_key, p.entity, p.store, p.written_at,
    CASE p.store
      WHEN 'legacy' THEN EXISTS (
        SELECT 1 FROM jsonb_array_elements_text($1::jsonb -> p.entity) AS t(uh_table)
        LEFT JOIN sync.checkpoint c ON c.job = 'forward' AND c.source = t.uh_table
        WHERE c.caught_up_at IS NULL OR c.caught_up_at <= p.written_at)
      ELSE EXISTS (
        SELECT 1 FROM sync.outbox o
        WHERE o.status IN ('PENDING', 'DEAD') AND o.created_at <= p.written_at
          AND o.entity IN (SELECT jsonb_array_elements_text($2::jsonb -> p.entity)))
    END AND p.written_at > now() - make_interval(secs => $3) AS active
  FROM migration.read_pin p
), gone AS (
  DELETE FROM migration.read_pin r USING pins
  WHERE NOT pins.active AND r.consumer_key = pins.consumer_key AND r.entity = pins.entity
    AND r.written_at = pins.written_at AND random() < 0.1
)
SELECT consumer_key, entity, store FROM pins WHERE active`,
        [JSON.stringify(tables), JSON.stringify(sources), MAX_LOCAL_PIN_MS / 1000],
      ),
    );
    return rows.map((row) => ({ consumerKey: row.consumer_key, entity: row.entity, store: row.store }));
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  /** Driver errors become MigrationControlError here, with the pg error as `cause`; our own pass through. */
  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translate(error);
    }
  }
}

function translate(error: unknown): unknown {
  if (error instanceof MigrationControlError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SCHEMA_MISSING_SQLSTATES.has(code)) {
    return new MigrationControlError(
      'MIGRATION_SCHEMA_MISSING',
      'the cloud database has no migration tables: apply its migrations first (housing db migrate)',
      { cause: error },
    );
  }
  if (
    error instanceof CloudStoreUnavailableError ||
    (typeof code === 'string' && UNREACHABLE_SQLSTATES.has(code))
  ) {
    const reason = error instanceof Error ? error.message : String(error);
    return new MigrationControlError(
      'MIGRATION_STORE_UNAVAILABLE',
      `the migration phases could not be read or written: ${reason}`,
      { cause: error },
    );
  }
  return error;
}

/** Counts of a minute (or a window) with no traffic: what each new tally starts from. */
export function noTraffic(): TrafficTotals {
  return {
    legacyRequests: 0,
    legacyErrors: 0,
    cloudRequests: 0,
    cloudErrors: 0,
    shadowMatches: 0,
    shadowMismatches: 0,
    shadowFailures: 0,
  };
}

/** Moving back from CANARY or CLOUD: the rollback that waits for the outbox. */
function isRollbackFromCloud(current: EntityPhase, change: ValidPhaseChange): boolean {
  if ((current.phase !== 'CANARY' && current.phase !== 'CLOUD') || change.phase === current.phase)
    return false;
  const rank = (phase: Phase, percent: number) =>
    PHASES.indexOf(phase) * 1000 + (phase === 'CANARY' ? percent : 0);
  return rank(change.phase, change.percent) < rank(current.phase, current.percent);
}

/** The guard's condition: the entity is still where it was judged. */
function checkExpected(current: EntityPhase, expected: PhaseChangeRequest['ifPhase']): void {
  if (expected === undefined) return;
  if (current.phase !== expected.phase || current.percent !== expected.percent) {
    throw new MigrationControlError(
      'MIGRATION_INVALID_CHANGE',
      `${current.entity} is no longer ${formatPhase(expected.phase, expected.percent)} (it is ${formatPhase(current.phase, current.percent)} since ${current.changedAt.toISOString()}, by ${current.changedBy}); nothing changed`,
    );
  }
}

function missingRow(entity: Entity): MigrationControlError {
  return new MigrationControlError(
    'MIGRATION_SCHEMA_MISSING',
    `migration.entity_phase has no row for ${entity}: the cloud database's migrations are incomplete (housing db migrate)`,
  );
}

function inEntityOrder(phases: EntityPhase[]): EntityPhase[] {
  return phases.sort((a, b) => ENTITIES.indexOf(a.entity) - ENTITIES.indexOf(b.entity));
}

function toEntityPhase(row: PhaseRow): EntityPhase {
  return {
    entity: checkedEntity(row.entity),
    phase: checkedPhase(row.phase),
    percent: row.percent,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
    reason: row.reason,
  };
}

/** The table's CHECK constraints guarantee these; a failure means the schema and this code disagree. */
function checkedEntity(value: string): Entity {
  if (!isEntity(value))
    throw new Error(`migration.entity_phase holds an unknown entity ${JSON.stringify(value)}`);
  return value;
}

function checkedPhase(value: string): Phase {
  if (!isPhase(value)) throw new Error(`migration tables hold an unknown phase ${JSON.stringify(value)}`);
  return value;
}
