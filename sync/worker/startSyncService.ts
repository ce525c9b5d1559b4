import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { serveOperationalEndpoints } from '../../core/serveOperationalEndpoints';
import { sendJson } from '../../core/httpBody';
import { PgStore } from '../../stores/cloud/PgStore';
import { readSyncReadings } from '../../stores/cloud/readSyncReadings';
import { UhStore } from '../../stores/uh/UhStore';
import type { SyncDirection, SyncDirectionName } from './SyncDirection';
import { SyncWorker, type WorkerStatus } from './SyncWorker';
import { createSyncMetrics } from './createSyncMetrics';
import type { WorkerClock } from './WorkerClock';

/** What a direction is built from: the service's stores (one pool each, shared by both directions). */
export interface SyncStores {
  readonly uh: UhStore;
  readonly pg: PgStore;
}

export type DirectionFactory = (stores: SyncStores) => SyncDirection;

export interface SyncServiceOptions {
  readonly uh: MssqlConnectionConfig;
  readonly cloudUrl: string;
  readonly directions: Readonly<Partial<Record<SyncDirectionName, DirectionFactory>>>;
  /** HTTP port for /healthz, /readyz, /metrics, /status (0 = any free port; undefined = no HTTP). */
  readonly port?: number;
  readonly host?: string;
  readonly logger?: Logger;
  /** End-to-end limit for one UH request (the legacy subgraph's UH_TIMEOUT_MS is for reads; sync batches need more). */
  readonly uhTimeoutMs?: number;
  readonly pollIntervalMs?: number;
  readonly standbyIntervalMs?: number;
  readonly clock?: WorkerClock;
}

export interface SyncService {
  /** The HTTP endpoint's base URL, when one was asked for. */
  readonly url: string | undefined;
  status(): readonly WorkerStatus[];
  stop(): Promise<void>;
}

/** How often the database-wide readings (outbox depth, dead letters, conflicts) refresh the metrics. */
const READINGS_INTERVAL_MS = 5_000;

/**
 * `housing sync run` and the sync inside `housing start`: a SyncWorker per direction over shared stores,
 * metrics, and an HTTP face. Readiness means every direction's worker is either active or standing by
 * behind another replica (both are healthy states); /status gives the workers' own view.
 */
export async function startSyncService(options: SyncServiceOptions): Promise<SyncService> {
  const names = (['forward', 'reverse'] as const).filter((name) => options.directions[name] !== undefined);
  if (names.length === 0) throw new RangeError('startSyncService: expected at least one direction to run');
  const uh = new UhStore({
    connection: options.uh,
    timeoutMs: options.uhTimeoutMs ?? 60_000,
    // Reverse applies up to 8 keys side by side, each in its own UH transaction; forward reads alongside.
    maxConnections: 10,
    committedReadsOnly: true,
  });
  const pg = new PgStore({
    connectionString: options.cloudUrl,
    max: 6,
    applicationName: 'housing sync',
    // A PostgreSQL that hangs fails a cycle (retried with backoff) instead of holding the worker for good;
    // generous, since a cycle's batch may be large.
    timeoutMs: 60_000,
    onIdleError: (error) => options.logger?.warn({ err: error }, 'idle PostgreSQL connection failed'),
  });
  const metrics = createSyncMetrics();
  const lockStores: PgStore[] = [];
  const workers = names.map((name) => {
    const lockStore = new PgStore({
      connectionString: options.cloudUrl,
      max: 1,
      applicationName: `housing sync ${name} (lock)`,
      timeoutMs: 10_000,
    });
    lockStores.push(lockStore);
    const factory = options.directions[name]!;
    return new SyncWorker({
      direction: factory({ uh, pg }),
      pg: lockStore,
      clock: options.clock,
      logger: options.logger,
      pollIntervalMs: options.pollIntervalMs,
      standbyIntervalMs: options.standbyIntervalMs,
      onCycle: (report, durationMs) => metrics.observeCycle(name, report, durationMs),
      onFailure: () => metrics.observeFailure(name),
      onStateChange: (state) => metrics.observeState(name, state),
    });
  });
  for (const worker of workers) worker.start();

  let readingsTimer: NodeJS.Timeout | undefined;
  const refreshReadings = async (): Promise<void> => {
    try {
      metrics.observeReadings(await pg.withClient(readSyncReadings));
    } catch (error) {
      options.logger?.debug({ err: error }, 'sync readings unavailable');
    }
    readingsTimer = setTimeout(() => void refreshReadings(), READINGS_INTERVAL_MS);
    readingsTimer.unref();
  };
  void refreshReadings();

  let server: Server | undefined;
  let url: string | undefined;
  if (options.port !== undefined) {
    server = createServer((request, response) => {
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (pathname === '/status') {
        sendJson(response, 200, { workers: workers.map((worker) => worker.status()) });
        return;
      }
      void serveOperationalEndpoints(pathname, response, {
        metrics: metrics.registry,
        ready: async () => {
          const states = workers.map((worker) => worker.status());
          return {
            ready: states.every((s) => s.state === 'running' || s.state === 'standby'),
            detail: Object.fromEntries(states.map((s) => [s.direction, s.state])),
          };
        },
      }).then((served) => {
        if (!served) sendJson(response, 404, { error: `no such endpoint: ${pathname}` });
      });
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = listening.address() as AddressInfo;
    url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  }

  let stopped: Promise<void> | undefined;
  return {
    url,
    status: () => workers.map((worker) => worker.status()),
    stop: () =>
      (stopped ??= (async () => {
        clearTimeout(readingsTimer);
        await Promise.all(workers.map((worker) => worker.stop()));
        if (server !== undefined) {
          const closing = server;
          await new Promise<void>((resolve) => closing.close(() => resolve()));
        }
        await uh.close();
        await pg.close();
        for (const store of lockStores) await store.close();
      })()),
  };
}
