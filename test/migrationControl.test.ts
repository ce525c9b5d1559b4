import { Writable } from 'node:stream';
import pino from 'pino';
import type { GatewayConfig } from '../gateway/config/GatewayConfig';
import { startGateway, type RunningGateway } from '../gateway/startGateway';
import { canaryBucket } from '../gateway/routing/canaryBucket';
import { DEFAULT_GATE_THRESHOLDS } from '../migration/gates/gateThresholds';
import { GatewayStack, JWT_SECRET, SUBGRAPH_SECRET, eventually } from './helpers/gatewayStack';
import { testGatewayConfig } from './helpers/testGatewayConfig';

/**
 * Migration control across gateway replicas on one PostgreSQL, end to end: a phase change reaches every
 * replica within 2 s, a canary consumer is routed the same way by each, and a cloud that fails during a
 * CANARY is rolled back by the automatic guard (on an injected clock: no waiting for its sustained period),
 * which every replica then routes by, with the log line, the metric and the history row.
 */
let now = Date.now();
const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
const logged: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line !== '') logged.push(JSON.parse(line));
    done();
  },
});
const thresholds = { ...DEFAULT_GATE_THRESHOLDS, guardMinRequests: 10, guardSustainedSeconds: 60 };
// The guard runs only when the test ticks it; counts reach the database when the test flushes them.
const gatewayOptions: Partial<GatewayConfig> = {
  autoGuard: true,
  guardIntervalMs: 3_600_000,
  trafficFlushMs: 3_600_000,
  gateThresholds: thresholds,
  shadowSampleRate: 0,
};
let stack: GatewayStack;
let replica: RunningGateway;
beforeAll(async () => {
  stack = await GatewayStack.start({
    gateway: gatewayOptions,
    logger: pino({ level: 'warn' }, logStream),
    clock,
  });
  replica = await startGateway(
    testGatewayConfig({
      subgraphUrls: { legacy: stack.legacy?.url ?? '', cloud: stack.cloud?.url ?? '' },
      subgraphSecret: SUBGRAPH_SECRET,
      jwtSecret: JWT_SECRET,
      databaseUrl: stack.db.url,
      debugRouting: true,
      ...gatewayOptions,
    }),
    pino({ level: 'silent' }),
    { clock },
  );
}, 180_000);
afterAll(async () => {
  await replica?.close();
  await stack?.close();
});

const TENANCY = '{ tenancy(reference: "0900001/01") { reference startDate } }';

/** A subject whose canary bucket for tenancy is below / at or above `percent`. */
function subject(inside: boolean, percent: number): string {
  for (let i = 0; ; i++) {
    const candidate = `consumer-${i}`;
    if (canaryBucket('tenancy', candidate) < percent === inside) return candidate;
  }
}

async function read(gatewayUrl: string, token: string) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: TENANCY }),
  });
  const body = (await response.json()) as {
    errors?: { extensions?: { code?: string; serviceName?: string } }[];
    extensions: { routing: { entities: Record<string, { phase: string; store: string }> } };
  };
  return {
    routing: body.extensions.routing.entities.tenancy,
    errors: (body.errors ?? []).map((e) => `${e.extensions?.serviceName}:${e.extensions?.code}`),
  };
}

/** Milliseconds until `gatewayUrl` routes tenancy by `phase` (fails past 2 s). */
async function reaches(gatewayUrl: string, token: string, phase: string, since: number): Promise<number> {
  await eventually(async () => {
    expect((await read(gatewayUrl, token)).routing?.phase).toBe(phase);
  }, 2000);
  return Date.now() - since;
}

it('a phase change reaches both replicas within 2 s, and each routes a canary consumer the same way', async () => {
  const inside = await stack.token('all', subject(true, 30));
  const outside = await stack.token('all', subject(false, 30));
  const changed = Date.now();
  await stack.migration.setPhase({
    entity: 'tenancy',
    phase: 'CANARY',
    percent: 30,
    reason: 'replicas test',
    changedBy: 'jest',
    overrideGates: true,
  });
  const delays = await Promise.all([
    reaches(stack.gateway.url, inside, 'CANARY', changed),
    reaches(replica.url, inside, 'CANARY', changed),
  ]);
  expect(Math.max(...delays)).toBeLessThan(2000);
  for (const gateway of [stack.gateway.url, replica.url]) {
    expect(await read(gateway, inside)).toEqual({
      routing: expect.objectContaining({ store: 'cloud' }),
      errors: [],
    });
    expect(await read(gateway, outside)).toEqual({
      routing: expect.objectContaining({ store: 'legacy' }),
      errors: [],
    });
  }
}, 30_000);

it('a cloud failing for the entity during CANARY is rolled back to SHADOW by the guard, on every replica within 2 s, logged, counted and recorded', async () => {
  const inside = await stack.token('all', subject(true, 30));
  const outside = await stack.token('all', subject(false, 30));
  await stack.gateway.flushTraffic();
  await replica.flushTraffic();
  const base = (await stack.migration.readEntityTraffic(300)).tenancy;
  // The injected failure: the cloud subgraph goes away.
  await stack.stopCloud();
  for (let i = 0; i < 8; i++) {
    for (const gateway of [stack.gateway.url, replica.url]) {
      expect((await read(gateway, inside)).errors).toEqual(['cloud:SUBGRAPH_UNAVAILABLE']);
      expect((await read(gateway, outside)).errors).toEqual([]);
    }
  }
  await stack.gateway.flushTraffic();
  await replica.flushTraffic();
  const counted = (await stack.migration.readEntityTraffic(300)).tenancy;
  // Both replicas' counts, each request once, by the store that answered.
  expect({
    cloudRequests: counted.cloudRequests - base.cloudRequests,
    cloudErrors: counted.cloudErrors - base.cloudErrors,
    legacyRequests: counted.legacyRequests - base.legacyRequests,
    legacyErrors: counted.legacyErrors - base.legacyErrors,
  }).toEqual({ cloudRequests: 16, cloudErrors: 16, legacyRequests: 16, legacyErrors: 0 });
  const rate = ((100 * counted.cloudErrors) / counted.cloudRequests).toFixed(2);

  const guard = stack.gateway.guard!;
  expect(await guard.tick()).toEqual([
    expect.objectContaining({ kind: 'breaching', entity: 'tenancy', sinceMs: 0 }),
  ]);
  now += 30_000;
  expect(await guard.tick()).toEqual([expect.objectContaining({ kind: 'breaching', sinceMs: 30_000 })]);
  now += 30_000;
  const rolledAt = Date.now();
  expect(await guard.tick()).toEqual([
    expect.objectContaining({ kind: 'rolledBack', entity: 'tenancy', to: { phase: 'SHADOW', percent: 0 } }),
  ]);
  const delays = await Promise.all([
    reaches(stack.gateway.url, inside, 'SHADOW', rolledAt),
    reaches(replica.url, inside, 'SHADOW', rolledAt),
  ]);
  expect(Math.max(...delays)).toBeLessThan(2000);
  // Served by UH again, for everyone, on both replicas: no more errors.
  for (const gateway of [stack.gateway.url, replica.url])
    expect(await read(gateway, inside)).toEqual({
      routing: expect.objectContaining({ store: 'legacy' }),
      errors: [],
    });

  const [change] = await stack.migration.history('tenancy', 1);
  expect(change).toMatchObject({
    fromPhase: 'CANARY',
    fromPercent: 30,
    toPhase: 'SHADOW',
    changedBy: 'auto-guard',
    reason: `auto-guard: cloud error rate ${rate}% (${counted.cloudErrors} of ${counted.cloudRequests}) above 5.00% over the last 300 s, for 60 s`,
    gateReadings: { supplied: { guard: { traffic: { cloudErrors: counted.cloudErrors } } } },
  });
  expect(logged).toContainEqual(
    expect.objectContaining({
      level: 40,
      alert: 'migration-auto-rollback',
      entity: 'tenancy',
      from: 'CANARY 30%',
      to: 'SHADOW',
      msg: `automatic guard rolled tenancy back: ${change?.reason}`,
    }),
  );
  const metrics = await stack.gateway.metrics.registry.metrics();
  expect(metrics).toContain('housing_gateway_auto_rollbacks_total{entity="tenancy",outcome="rolled_back"} 1');
  // The other replica's guard finds nothing left to do.
  expect(await replica.guard!.tick()).toEqual([]);
  await stack.startCloud();
}, 60_000);
