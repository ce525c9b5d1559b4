import pino from 'pino';
import { PgStore } from '../../stores/cloud/PgStore';
import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import { mintDevelopmentToken } from '../../gateway/auth/mintDevelopmentToken';
import { JWT_SECRET } from './gatewayStack';
import { testGatewayConfig } from './testGatewayConfig';

/**
 * The real gateway (startGateway: its HTTP server, token verifier and migration store) for the /admin
 * tests, over a test database or none. No subgraph runs: the dashboard and its API never reach one, and
 * the URLs point at a port nothing listens on.
 */
export async function startAdminGateway(databaseUrl: string | undefined): Promise<RunningGateway> {
  return startGateway(
    testGatewayConfig({
      subgraphUrls: { legacy: 'http://127.0.0.1:9/graphql', cloud: 'http://127.0.0.1:9/graphql' },
      timeouts: { defaultMs: 1000, bySubgraph: {} },
      jwtSecret: JWT_SECRET,
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
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

/**
 * Readings a dashboard shows on a working migration, as the sync, the gateway and the commands leave them:
 * an hour of lag samples each way, a write waiting for UH, a dead letter, a conflict, a shadow mismatch, a
 * reconciliation and a Property Index headline.
 */
export async function seedDashboardReadings(raw: PgStore): Promise<void> {
  await raw.query(
    `INSERT INTO sync.lag_sample (direction, taken_at, lag_seconds, lag_rows)
     SELECT 'forward', now() - make_interval(secs => s), 1.5 + sin(s / 400.0) + (s % 7) / 10.0, s % 5
     FROM generate_series(0, 3570, 30) AS s
     UNION ALL
     SELECT 'reverse', now() - make_interval(secs => s), 0.6 + cos(s / 300.0) / 2 + (s % 5) / 10.0, s % 3
     FROM generate_series(0, 3570, 30) AS s`,
  );
  await raw.query(
    `INSERT INTO sync.outbox (entity, entity_key, operation, payload, created_at)
     VALUES ('contactDetails', '00012345/1', 'UPDATE', '{}', now() - interval '3 seconds')`,
  );
  await raw.query(
    `WITH dead AS (
       INSERT INTO sync.outbox (entity, entity_key, operation, payload, status)
       VALUES ('repairRequest', '00001234', 'UPDATE', '{}', 'DEAD') RETURNING id)
     INSERT INTO sync.dead_letter (outbox_id, entity, entity_key, reason, error_number, attempts)
     SELECT id, 'repairRequest', '00001234', 'UH refused it: string or binary data would be truncated', 8152, 5
     FROM dead`,
  );
  await raw.query(
    `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner)
     VALUES ('contactDetails', '00012346/1', '{"phone":"020 7946 0001"}', '{"phone":"020 7946 0002"}', 'UH')`,
  );
  await raw.query(
    `INSERT INTO migration.shadow_mismatch (entity, operation_name, path, legacy_value, cloud_value)
     VALUES ('property', 'PropertyPage', 'property.address.postcode', '"E8 1AA"', '"E8 1AB"')`,
  );
  await raw.query(
    `INSERT INTO sync.reconcile_run (entity, started_at, finished_at, status, uh_rows, cloud_rows, differences, unexplained, seconds)
     VALUES ('property', now() - interval '50 minutes', now() - interval '49 minutes', 'done', 785, 784, 1, 0, 4.2)`,
  );
  await raw.query(
    `INSERT INTO sync.property_index_run (generated_at, totals, by_level, disagreements)
     VALUES (now() - interval '2 hours', '{"uh": 785, "cloud": 784, "llpg": 760, "register": 742}',
       '[{"label": "ESTATE", "counts": {"uh": 2, "cloud": 2, "llpg": 0, "register": 2}},
         {"label": "BLOCK", "counts": {"uh": 20, "cloud": 20, "llpg": 19, "register": 18}},
         {"label": "DWELLING", "counts": {"uh": 740, "cloud": 739, "llpg": 741, "register": 712}}]',
       '{"dwelling-missing-from-register": 12, "temporary-accommodation-uh-only": 16, "uprn-mismatch": 3}')`,
  );
}
