import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readRuntime, removeRuntime, writeRuntime, type RuntimeInfo } from '../core/runtimeFile';
import { embeddedPostgresGroup, startEmbeddedPostgres } from '../stores/cloud/startEmbeddedPostgres';
import { prepareDataDir } from '../core/prepareDataDir';
import { portInUse } from '../core/portInUse';
import { ensureDatabase } from '../stores/cloud/ensureDatabase';
import { PgStore } from '../stores/cloud/PgStore';
import { migrate } from '../stores/cloud/migrate';
import { startUhSimulator } from '../uh-simulator/startUhSimulator';
import { startVpnLink } from '../uh-simulator/vpn/startVpnLink';
import { startLegacySubgraph } from '../subgraphs/legacy/startLegacySubgraph';
import { startCloudSubgraph } from '../subgraphs/cloud/startCloudSubgraph';
import { runBackfill } from '../sync/backfill/runBackfill';
import { loadSyntheticLlpg } from '../sync/llpg/loadSyntheticLlpg';
import { loadSyntheticAssetRegister } from '../sync/propertyIndex/loadSyntheticAssetRegister';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { createLogger } from '../core/createLogger';
import type { CliEnv } from './readCliEnv';
import type { Scale } from './options';
import { CliError } from './CliError';
import { startGateway } from '../gateway/startGateway';
import { buildGatewayConfig, DEFAULT_SUPERGRAPH_PATH } from './buildGatewayConfig';
import { developmentJwtSecret } from './developmentJwtSecret';
import { startSyncService } from '../sync/worker/startSyncService';
import { syncDirections } from '../sync/worker/syncDirections';

/**
 * The whole system on one machine: UH (the simulator, or MSSQL_URL), the cloud PostgreSQL (embedded, or
 * DATABASE_URL) migrated, and — as they are built — the subgraphs and the gateway. What runs is written to
 * <data dir>/runtime.json for the other `housing` commands. Everything started is stopped, in reverse
 * order, by stop() or when a later step fails.
 */
export interface Stack {
  readonly runtime: RuntimeInfo;
  readonly notes: readonly string[];
  stop(): Promise<void>;
}

export interface StackOptions {
  readonly env: CliEnv;
  readonly dataDir: string;
  readonly scale: Scale;
  readonly port: number;
  /** Copy UH into the cloud store on start (the first run copies everything; later runs find it done). */
  readonly backfill: boolean;
  /** Run the sync worker both ways (UH -> cloud change capture, cloud -> UH outbox) in this process. */
  readonly sync?: boolean;
  /** The gateway adds extensions.routing to responses (refused under NODE_ENV=production). */
  readonly debugRouting?: boolean;
  /** What the VPN does to UH's socket (every UH client of the stack goes through it): delay each way, loss. */
  readonly vpn?: { readonly latencyMs: number; readonly lossPercent: number };
  readonly log: (line: string) => void;
}

/** The stack serves on loopback only: a development stack, with development secrets. */
const GATEWAY_HOST = '127.0.0.1';

export async function startStack(options: StackOptions): Promise<Stack> {
  const { env, dataDir } = options;
  const running = readRuntime(dataDir);
  if (running) {
    throw new CliError(
      `a stack is already running on ${dataDir} (pid ${running.pid}); stop it (Ctrl-C) or use another --data-dir`,
    );
  }
  if (await portInUse(options.port, GATEWAY_HOST)) {
    throw new CliError(
      `port ${options.port} is in use (something already listens on ${GATEWAY_HOST}:${options.port}); ` +
        'pass --port <n> (or stop the other stack)',
    );
  }
  // Private (700); as root, passable by the embedded server's user (710), which must reach <data dir>/pg.
  prepareDataDir(dataDir, env.databaseUrl === undefined ? embeddedPostgresGroup() : undefined);
  const stoppers: Array<() => Promise<void>> = [];
  const notes: string[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    stoppers.length = 0;
  };
  try {
    let postgres: RuntimeInfo['postgres'];
    if (env.databaseUrl) {
      postgres = { url: env.databaseUrl, embedded: false };
    } else {
      options.log('starting the embedded PostgreSQL ...');
      const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
      stoppers.push(() => withTimeout(embedded.stop(), 15_000));
      postgres = { url: await ensureDatabase(embedded.url, 'housing'), embedded: true, port: embedded.port };
    }
    const store = new PgStore({ connectionString: postgres.url, max: 1 });
    try {
      const { applied } = await migrate(store);
      if (applied.length > 0) options.log(`applied migrations: ${applied.join(', ')}`);
    } finally {
      await store.close();
    }

    let uh: RuntimeInfo['uh'];
    const vpn = options.vpn ?? { latencyMs: 0, lossPercent: 0 };
    const throughVpn = vpn.latencyMs > 0 || vpn.lossPercent > 0;
    if (env.mssqlUrl) {
      uh = { url: env.mssqlUrl, port: env.mssql?.port ?? 1433 };
      notes.push(
        'UH is the SQL Server at MSSQL_URL (not seeded by start; use housing uh-seed --url to load synthetic data)',
      );
      if (throughVpn && env.mssql !== undefined) {
        const link = await startVpnLink({
          target: { host: env.mssql.server, port: env.mssql.port },
          oneWayMs: vpn.latencyMs,
          lossPercent: vpn.lossPercent,
        });
        stoppers.push(() => link.close());
        const url = new URL(env.mssqlUrl);
        url.hostname = link.host;
        url.port = String(link.port);
        uh = { url: url.toString(), port: link.port };
      }
    } else {
      const file = join(dataDir, 'uh.sqlite');
      options.log(`starting the UH simulator (seed: ${options.scale}, only if ${file} is empty) ...`);
      const simulator = await startUhSimulator({
        port: 0,
        file,
        seed: options.scale,
        latencyMs: vpn.latencyMs,
        lossPercent: vpn.lossPercent,
      });
      stoppers.push(() => simulator.close());
      uh = { url: simulator.url, port: simulator.port, file };
    }
    if (throughVpn)
      notes.push(
        `UH is reached through a simulated VPN link: ${vpn.latencyMs} ms each way, ${vpn.lossPercent}% of segments retransmitted after 200 ms`,
      );

    if (options.backfill) {
      options.log('backfilling the cloud store from UH (what is not copied yet; resumable) ...');
      const summary = await runBackfill({
        uh: parseMssqlUrl('UH', uh.url),
        cloudUrl: postgres.url,
        onProgress: (event) => {
          if (event.kind === 'end' && event.summary.status === 'done') {
            options.log(
              `  ${event.summary.entity}: ${event.summary.rows} rows (${Math.round(event.summary.rowsPerSecond)} rows/s)`,
            );
          }
        },
      });
      const rejected = summary.rejects.reduce((sum, reject) => sum + reject.count, 0);
      if (summary.rows > 0)
        options.log(
          `backfill: ${summary.rows} UH rows in ${summary.seconds.toFixed(1)} s${rejected ? `, ${rejected} rejected (see sync.reject)` : ''}`,
        );
      else
        options.log('backfill: already complete (UH changes since reach the cloud through the sync worker)');
      // The synthetic UH seed has a matching synthetic LLPG extract; a real UH gets the council's own
      // extract (housing llpg load). Loaded once: an LLPG already present is never overwritten here.
      if (uh.file !== undefined && (await llpgIsEmpty(postgres.url))) {
        const llpg = await loadSyntheticLlpg(postgres.url, options.scale);
        const loaded = llpg.files.reduce((sum, file) => sum + file.loaded, 0);
        options.log(
          `LLPG: ${loaded} synthetic gazetteer rows loaded (housing llpg load --replace swaps in a real extract)`,
        );
      }
      if (uh.file !== undefined && (await isEmpty(postgres.url, 'housing.asset_register'))) {
        const register = await loadSyntheticAssetRegister(postgres.url, options.scale);
        options.log(
          `asset register: ${register.loaded} synthetic assets loaded (housing asset-register load replaces them with a real extract)`,
        );
      }
    }

    let syncUrl: string | undefined;
    if (options.sync ?? true) {
      const logger = createLogger(env.logLevel, 'sync');
      const service = await startSyncService({
        uh: parseMssqlUrl('UH', uh.url),
        cloudUrl: postgres.url,
        directions: syncDirections({ logger }),
        port: 0,
        logger,
        uhTimeoutMs: Math.max(env.uhTimeoutMs, 60_000),
      });
      stoppers.push(() => service.stop());
      syncUrl = service.url;
    } else {
      notes.push('the sync worker is not running (--no-sync): nothing moves between UH and the cloud');
    }

    // Subgraphs take calls only from this stack's gateway; a new secret on every start.
    const subgraphSecret = env.subgraphSecret ?? randomBytes(24).toString('base64url');
    const legacy = await startLegacySubgraph({
      uh: parseMssqlUrl('UH', uh.url),
      port: 0,
      gatewaySecret: subgraphSecret,
      uhTimeoutMs: env.uhTimeoutMs,
      logger: createLogger(env.logLevel, 'legacy-subgraph'),
    });
    stoppers.push(() => legacy.close());
    const cloud = await startCloudSubgraph({
      databaseUrl: postgres.url,
      port: 0,
      gatewaySecret: subgraphSecret,
      logger: createLogger(env.logLevel, 'cloud-subgraph'),
    });
    stoppers.push(() => cloud.close());

    // Development tokens: JWT_SECRET, else a secret kept in the data dir (tokens survive restarts).
    const jwtSecret =
      env.jwksUrl === undefined ? (env.jwtSecret ?? developmentJwtSecret(dataDir)) : undefined;
    const gateway = await startGateway(
      buildGatewayConfig(env, {
        port: options.port,
        host: GATEWAY_HOST,
        supergraph: DEFAULT_SUPERGRAPH_PATH,
        subgraphUrls: [
          { setting: 'housing start', name: 'legacy', url: legacy.url, explicit: true },
          { setting: 'housing start', name: 'cloud', url: cloud.url, explicit: true },
        ],
        databaseUrl: postgres.url,
        jwtSecret,
        subgraphSecret,
        debugRouting: options.debugRouting ?? false,
      }).config,
      createLogger(env.logLevel, 'gateway'),
    );
    stoppers.push(() => gateway.close());
    const origin = new URL(gateway.url).origin;

    const runtime: RuntimeInfo = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir,
      uh,
      postgres,
      services: {
        gateway: gateway.url,
        explorer: `${origin}/`,
        // The migration dashboard (and /admin/api): this stack's gateway always has its database.
        admin: `${origin}/admin`,
        'legacy subgraph': legacy.url,
        'cloud subgraph': cloud.url,
        ...(syncUrl === undefined ? {} : { 'sync worker': `${syncUrl}/status` }),
      },
      ...(jwtSecret === undefined ? {} : { jwtSecret }),
      subgraphSecret,
    };
    writeRuntime(runtime);
    stoppers.unshift(async () => removeRuntime(dataDir));
    return { runtime, notes, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  // A server already stopped by the terminal's Ctrl-C (it reaches the whole process group) never reports
  // its exit a second time; do not wait forever for it.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

async function llpgIsEmpty(url: string): Promise<boolean> {
  return isEmpty(url, 'llpg.address');
}

/** `table` is one of this file's constants, never input. */
async function isEmpty(url: string, table: 'llpg.address' | 'housing.asset_register'): Promise<boolean> {
  const store = new PgStore({ connectionString: url, max: 1 });
  try {
    return (await store.query(`SELECT 1 FROM ${table} LIMIT 1`)).rowCount === 0;
  } finally {
    await store.close();
  }
}
