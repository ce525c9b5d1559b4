import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import { CloudStoreUnavailableError } from '../../stores/cloud/cloudStoreErrors';
import { LegacyStoreUnavailableError } from '../../stores/uh/legacyStoreErrors';
import type { CycleReport, SourceReading, SyncDirection, SyncDirectionName } from './SyncDirection';
import { systemClock, type WorkerClock } from './WorkerClock';
import { SYNC_LOCK_KEYS, SYNC_LOCK_NAMESPACE } from './workerLocks';
import { RateWindow } from './RateWindow';

export type WorkerState = 'starting' | 'standby' | 'running' | 'backoff' | 'stopped';

export interface SyncWorkerOptions {
  readonly direction: SyncDirection;
  /** The worker's own pool: one connection holds the lock (and carries the heartbeats) while active. */
  readonly pg: PgStore;
  readonly clock?: WorkerClock;
  readonly logger?: Logger;
  /** Pause after a cycle that found no more work (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** How often a standby worker tries to take the lock (default 1,000 ms). */
  readonly standbyIntervalMs?: number;
  /** First and longest pause after a failed cycle; doubles in between (defaults 500 ms and 30 s). */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** Heartbeats and readings written to sync.worker at most this often (default 1,000 ms). */
  readonly heartbeatIntervalMs?: number;
  /** Lag samples for the dashboard's chart (default every 10 s). */
  readonly sampleIntervalMs?: number;
  /** Who this worker is, as sync.worker.holder shows it (default `<host> pid <pid>`). */
  readonly holder?: string;
  readonly onCycle?: (report: CycleReport, durationMs: number) => void;
  readonly onFailure?: (error: unknown) => void;
  readonly onStateChange?: (state: WorkerState) => void;
}

export interface WorkerStatus {
  readonly direction: SyncDirectionName;
  readonly state: WorkerState;
  readonly lastError: string | null;
  readonly sources: readonly (SourceReading & { readonly rowsPerSecond: number })[];
}

/**
 * Runs one sync direction for as long as it is started: takes the direction's advisory lock (a second
 * worker, on this machine or another replica, stands by and tries again every second, so it takes over
 * within seconds when the first dies: the lock dies with its session), then runs cycles back to back
 * while they report more work and every poll interval otherwise. A failed cycle (a store away, or
 * anything else) is logged, recorded in sync.worker and retried after a pause that doubles up to a
 * limit; the worker never stops by itself. The lock's session also carries the heartbeats, so a worker
 * whose session is gone stops cycling before anyone else can take over for long.
 */
export class SyncWorker {
  private readonly direction: SyncDirection;
  private readonly pg: PgStore;
  private readonly clock: WorkerClock;
  private readonly logger: Logger | undefined;
  private readonly pollIntervalMs: number;
  private readonly standbyIntervalMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly sampleIntervalMs: number;
  private readonly holder: string;
  private readonly onCycle: SyncWorkerOptions['onCycle'];
  private readonly onFailure: SyncWorkerOptions['onFailure'];
  private readonly onStateChange: SyncWorkerOptions['onStateChange'];
  private readonly controller = new AbortController();
  private readonly rates = new Map<string, RateWindow>();
  private running: Promise<void> | undefined;
  private stateNow: WorkerState = 'starting';
  private lastError: string | null = null;
  private lastSources: readonly SourceReading[] = [];

  constructor(options: SyncWorkerOptions) {
    this.direction = options.direction;
    this.pg = options.pg;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 250);
    this.standbyIntervalMs = positive('standbyIntervalMs', options.standbyIntervalMs ?? 1_000);
    this.backoffInitialMs = positive('backoffInitialMs', options.backoffInitialMs ?? 500);
    this.backoffMaxMs = positive('backoffMaxMs', options.backoffMaxMs ?? 30_000);
    this.heartbeatIntervalMs = positive('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 1_000);
    this.sampleIntervalMs = positive('sampleIntervalMs', options.sampleIntervalMs ?? 10_000);
    this.holder = options.holder ?? `${hostname()} pid ${process.pid}`;
    this.onCycle = options.onCycle;
    this.onFailure = options.onFailure;
    this.onStateChange = options.onStateChange;
  }

  get state(): WorkerState {
    return this.stateNow;
  }

  status(): WorkerStatus {
    const now = this.clock.now();
    return {
      direction: this.direction.direction,
      state: this.stateNow,
      lastError: this.lastError,
      sources: this.lastSources.map((source) => ({
        ...source,
        rowsPerSecond: this.rates.get(source.source)?.perSecond(now) ?? 0,
      })),
    };
  }

  start(): void {
    if (this.running !== undefined) throw new Error('SyncWorker: start() called twice');
    this.running = this.run();
  }

  /** Stops after the cycle in flight (which commits or rolls back whole), then releases the lock. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
    // Stopped between lock sessions (backing off after losing one, or standing by), the loop wrote nothing:
    // sync.worker would show this worker running for good. Only while no other worker has taken over.
    await this.pg
      .query(
        `UPDATE sync.worker SET state = 'stopped', heartbeat_at = now()
WHERE direction = $1 AND holder = $2 AND state <> 'stopped'`,
        [this.direction.direction, this.holder],
      )
      .catch((error: unknown) => this.fail(error, 'could not record the stop in sync.worker'));
    this.setState('stopped');
  }

  private get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  private async run(): Promise<void> {
    let outages = 0;
    while (!this.stopped) {
      let outcome: 'standby' | 'lost';
      try {
        outcome = await this.pg.withClient((client) => this.holdLockAndWork(client));
        outages = 0;
      } catch (error) {
        // PostgreSQL away (no connection for the lock) or the lock's session died while active.
        outages += 1;
        this.fail(error, 'the lock session to PostgreSQL failed');
        await this.clock.sleep(this.backoff(outages), this.controller.signal);
        continue;
      }
      if (outcome === 'standby') {
        this.setState('standby');
        await this.clock.sleep(this.standbyIntervalMs, this.controller.signal);
      }
    }
  }

  private async holdLockAndWork(client: PgClient): Promise<'standby' | 'lost'> {
    const key = SYNC_LOCK_KEYS[this.direction.direction];
    const taken = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      SYNC_LOCK_NAMESPACE,
      key,
    ]);
    if (taken.rows[0]?.ok !== true) return 'standby';
    try {
      await client.query(
        `INSERT INTO sync.worker (direction, holder, started_at, heartbeat_at, state, readings)
VALUES ($1, $2, now(), now(), 'running', '{}'::jsonb)
ON CONFLICT (direction) DO UPDATE SET holder = EXCLUDED.holder, started_at = now(), heartbeat_at = now(),
  state = 'running', readings = '{}'::jsonb`,
        [this.direction.direction, this.holder],
      );
      this.logger?.info({ direction: this.direction.direction, holder: this.holder }, 'sync worker active');
      await this.work(client);
      await client.query(
        `UPDATE sync.worker SET state = 'stopped', heartbeat_at = now() WHERE direction = $1`,
        [this.direction.direction],
      );
      return 'lost';
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1, $2)', [SYNC_LOCK_NAMESPACE, key])
        .catch(() => undefined);
    }
  }

  /** Cycles until stopped; throws when the lock's session fails (the caller then starts over). */
  private async work(client: PgClient): Promise<void> {
    let failures = 0;
    let lastBeat = -Infinity;
    let lastSample = this.clock.now();
    while (!this.stopped) {
      const started = this.clock.now();
      let report: CycleReport | undefined;
      try {
        report = await this.direction.cycle(this.controller.signal);
        failures = 0;
        this.lastError = null;
        this.setState('running');
        this.record(report, started);
      } catch (error) {
        failures += 1;
        this.onFailure?.(error);
        this.fail(error, `a ${this.direction.direction} sync cycle failed`);
      }
      const now = this.clock.now();
      if (report === undefined || now - lastBeat >= this.heartbeatIntervalMs) {
        await this.heartbeat(client);
        lastBeat = now;
      }
      if (now - lastSample >= this.sampleIntervalMs) {
        await this.sample(client);
        lastSample = now;
      }
      if (report === undefined) await this.clock.sleep(this.backoff(failures), this.controller.signal);
      else if (!report.more) await this.clock.sleep(this.pollIntervalMs, this.controller.signal);
    }
  }

  private record(report: CycleReport, started: number): void {
    const now = this.clock.now();
    this.lastSources = report.sources;
    for (const source of report.sources) {
      let window = this.rates.get(source.source);
      if (window === undefined) this.rates.set(source.source, (window = new RateWindow(60_000)));
      window.add(now, source.applied);
    }
    this.onCycle?.(report, now - started);
  }

  private async heartbeat(client: PgClient): Promise<void> {
    const status = this.status();
    await client.query(
      `UPDATE sync.worker SET heartbeat_at = now(), state = $2, last_error = $3,
  last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE now() END, readings = $4::jsonb
WHERE direction = $1`,
      [
        this.direction.direction,
        this.stateNow === 'backoff' ? 'backoff' : 'running',
        this.lastError,
        JSON.stringify({ sources: status.sources }),
      ],
    );
  }

  /** One lag sample per interval (the dashboard's chart), and samples older than a day pruned. */
  private async sample(client: PgClient): Promise<void> {
    const lagSeconds = Math.max(0, ...this.lastSources.map((s) => s.lagSeconds));
    const lagRows = this.lastSources.reduce((sum, s) => sum + s.lagRows, 0);
    await client.query(
      'INSERT INTO sync.lag_sample (direction, lag_seconds, lag_rows) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [this.direction.direction, lagSeconds, lagRows],
    );
    await client.query(
      `DELETE FROM sync.lag_sample WHERE direction = $1 AND taken_at < now() - interval '1 day'`,
      [this.direction.direction],
    );
  }

  private fail(error: unknown, what: string): void {
    const message = error instanceof Error ? error.message : String(error);
    const away = error instanceof LegacyStoreUnavailableError || error instanceof CloudStoreUnavailableError;
    // Logged when the trouble starts or changes, not on every retry.
    if (this.lastError !== message) {
      if (away) this.logger?.warn({ direction: this.direction.direction, err: error }, `${what}: ${message}`);
      else this.logger?.error({ direction: this.direction.direction, err: error }, `${what}: ${message}`);
    }
    this.lastError = message;
    this.setState('backoff');
  }

  private backoff(failures: number): number {
    return Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** Math.max(0, failures - 1));
  }

  private setState(state: WorkerState): void {
    if (this.stateNow === state) return;
    this.stateNow = state;
    this.onStateChange?.(state);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `SyncWorker: ${name} must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}
