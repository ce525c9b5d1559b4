import pino from 'pino';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { PgStore } from '../stores/cloud/PgStore';
import { migrate } from '../stores/cloud/migrate';
import { startLegacySubgraph, type RunningLegacySubgraph } from '../subgraphs/legacy/startLegacySubgraph';
import { startCloudSubgraph, type RunningCloudSubgraph } from '../subgraphs/cloud/startCloudSubgraph';
import { startGateway, type RunningGateway } from '../gateway/startGateway';
import {
  startPausablePostgres,
  startPausableUhSimulator,
  type PausableServer,
} from './helpers/pausableProcesses';
import { testGatewayConfig } from './helpers/testGatewayConfig';

// Issue 14, "A hung store is noticed": a PostgreSQL or a UH that hangs (SIGSTOP: connections accepted, nothing
// answered) must not hold requests until the gateway's 10 s GATEWAY_TIMEOUT. The subgraph answers with its
// store's UNAVAILABLE code within its store timeout, its /readyz says 503 within a second, and the gateway's
// /readyz reflects the subgraph that is not ready. Service resumes when the store does.
jest.setTimeout(90_000);

const STORE_TIMEOUT_MS = 1500;

let postgres: PausableServer;
let uh: PausableServer;
let legacy: RunningLegacySubgraph;
let cloud: RunningCloudSubgraph;
let gateway: RunningGateway;

beforeAll(async () => {
  [postgres, uh] = await Promise.all([startPausablePostgres(), startPausableUhSimulator()]);
  const admin = new PgStore({ connectionString: postgres.url, max: 1 });
  await migrate(admin).finally(() => admin.close());
  legacy = await startLegacySubgraph({
    uh: parseMssqlUrl('uh', uh.url),
    port: 0,
    uhTimeoutMs: STORE_TIMEOUT_MS,
  });
  cloud = await startCloudSubgraph({ databaseUrl: postgres.url, port: 0, timeoutMs: STORE_TIMEOUT_MS });
  gateway = await startGateway(
    testGatewayConfig({
      subgraphUrls: { legacy: legacy.url, cloud: cloud.url },
      timeouts: { defaultMs: 10_000, bySubgraph: {} },
      jwtSecret: 'test-secret-for-the-hung-store-tests-0123456789',
    }),
    pino({ level: 'silent' }),
  );
}, 120_000);

afterAll(async () => {
  // The stores' processes go first, whatever else fails: a pool waiting on a paused server would otherwise
  // hold the closes below until jest gives up, and leave the processes running.
  try {
    await Promise.all([uh?.stop(), postgres?.stop()]);
  } finally {
    await gateway?.close();
    await legacy?.close();
    await cloud?.close();
  }
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function readyz(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/readyz', url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function graphql(query: string) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
}

/** Polls until `check` passes (the store is back), for at most `ms`. */
async function eventually(check: () => Promise<void>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const PROPERTY_WITH_LLPG = '{ properties(first: 1) { nodes { reference llpgAddress { uprn } } } }';
const TENANCY = '{ tenancy(reference: "0900007/01") { reference } }';

it('every service is ready while both stores answer', async () => {
  expect((await readyz(cloud.url)).status).toBe(200);
  expect((await readyz(legacy.url)).status).toBe(200);
  expect(await readyz(gateway.url)).toMatchObject({
    status: 200,
    body: { subgraphs: { legacy: 'ready', cloud: 'ready' } },
  });
  expect((await graphql(PROPERTY_WITH_LLPG)).errors).toBeUndefined();
});

it('a paused PostgreSQL: CLOUD_STORE_UNAVAILABLE within the store timeout, /readyz 503 within a second', async () => {
  // Connections the pool already holds, idle, as in a service that has been serving: queries sent on them
  // get no answer at all (a new connection at least fails its connection timeout).
  await Promise.all([1, 2, 3].map(() => cloud.store.query('SELECT pg_sleep(0.05)')));
  postgres.pause();
  try {
    const [answer, cloudReady, gatewayReady] = await Promise.all([
      timed(() => graphql(PROPERTY_WITH_LLPG)),
      timed(() => readyz(cloud.url)),
      timed(() => readyz(gateway.url)),
    ]);

    expect(answer.value.errors?.map((error) => error.extensions)).toEqual([
      { code: 'CLOUD_STORE_UNAVAILABLE', serviceName: 'cloud' },
    ]);
    expect(answer.ms).toBeLessThan(STORE_TIMEOUT_MS + 2000);
    expect(cloudReady.value).toMatchObject({ status: 503, body: { status: 'not ready' } });
    expect(cloudReady.ms).toBeLessThan(1000 + 300);
    expect(gatewayReady.value).toMatchObject({ status: 503, body: { subgraphs: { cloud: 'not ready' } } });
    expect(gatewayReady.ms).toBeLessThan(1000 + 300);
    // A second request finds the pool's connections dropped, not waiting behind the hung ones.
    const again = await timed(() => graphql(PROPERTY_WITH_LLPG));
    expect(again.value.errors?.[0]?.extensions?.code).toBe('CLOUD_STORE_UNAVAILABLE');
    expect(again.ms).toBeLessThan(STORE_TIMEOUT_MS + 2000);
  } finally {
    postgres.resume();
  }
  await eventually(async () => {
    expect((await readyz(gateway.url)).status).toBe(200);
    expect((await graphql(PROPERTY_WITH_LLPG)).errors).toBeUndefined();
  });
});

it('a paused UH simulator: LEGACY_STORE_UNAVAILABLE within the store timeout, /readyz 503 within a second', async () => {
  uh.pause();
  try {
    const [answer, legacyReady, gatewayReady] = await Promise.all([
      timed(() => graphql(TENANCY)),
      timed(() => readyz(legacy.url)),
      timed(() => readyz(gateway.url)),
    ]);
    expect(answer.value.errors?.map((error) => error.extensions)).toEqual([
      { code: 'LEGACY_STORE_UNAVAILABLE', serviceName: 'legacy' },
    ]);
    expect(answer.ms).toBeLessThan(STORE_TIMEOUT_MS + 2000);
    expect(legacyReady.value).toMatchObject({ status: 503, body: { status: 'not ready' } });
    expect(legacyReady.ms).toBeLessThan(1000 + 300);
    expect(gatewayReady.value).toMatchObject({ status: 503, body: { subgraphs: { legacy: 'not ready' } } });
    expect(gatewayReady.ms).toBeLessThan(1000 + 300);
  } finally {
    uh.resume();
  }
  await eventually(async () => {
    expect((await readyz(gateway.url)).status).toBe(200);
    expect((await graphql(TENANCY)).errors).toBeUndefined();
  });
});
