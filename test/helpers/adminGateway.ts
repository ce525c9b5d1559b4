import pino from 'pino';
import { PgStore } from '../../stores/cloud/PgStore';
import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import { validateGatewayConfig } from '../../gateway/config/GatewayConfig';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/checkOperationLimits';
import { mintDevelopmentToken } from '../../gateway/auth/mintDevelopmentToken';
import { JWT_SECRET, SUPERGRAPH_SDL } from './gatewayStack';

/**
 * The real gateway (startGateway: its HTTP server, token verifier and migration store) for the /admin
 * tests, over a test database or none. No subgraph runs: the dashboard and its API never reach one, and
 * the URLs point at a port nothing listens on.
 */
export async function startAdminGateway(databaseUrl: string | undefined): Promise<RunningGateway> {
  return startGateway(
    validateGatewayConfig({
      port: 0,
      host: '127.0.0.1',
      supergraphSdl: SUPERGRAPH_SDL,
      supergraphSource: 'schema/supergraph.graphql',
      subgraphUrls: { legacy: 'http://127.0.0.1:9/graphql', cloud: 'http://127.0.0.1:9/graphql' },
      timeouts: { defaultMs: 1000, bySubgraph: {} },
      jwtSecret: JWT_SECRET,
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
      limits: DEFAULT_OPERATION_LIMITS,
      maxBodyBytes: 100_000,
      shadowSampleRate: 0,
      shadowQueueSize: 10,
      shadowConcurrency: 1,
      debugRouting: false,
      phaseIntervalMs: 1000,
      production: false,
    }),
    pino({ level: 'silent' }),
  );
}

export function adminToken(scopes: readonly string[], subject = 'alice'): Promise<string> {
  return mintDevelopmentToken({ secret: JWT_SECRET, subject, scopes, expiresIn: '1h' });
}

/**
 * What the sync leaves in the database once repairRequest's backfill is complete and the forward worker
 * is alive: the readings its move to SHADOW needs. The heartbeat is fresh for 10 s (WORKER_ALIVE_SECONDS).
 */
export async function letRepairRequestIntoShadow(raw: PgStore): Promise<void> {
  await raw.query(
    `INSERT INTO sync.checkpoint (job, source, rows_done, completed) VALUES ('backfill', 'repairRequest', 10, true)
     ON CONFLICT DO NOTHING`,
  );
  await raw.query(
    `INSERT INTO sync.worker (direction, holder, heartbeat_at, state) VALUES ('forward', 'test', now(), 'running')
     ON CONFLICT (direction) DO UPDATE SET heartbeat_at = now(), state = 'running'`,
  );
}
