import pino from 'pino';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { UhStore } from '../stores/uh/UhStore';
import { startGateway, type RunningGateway } from '../gateway/startGateway';
import { canaryBucket } from '../gateway/routing/canaryBucket';
import { syncDirections } from '../sync/worker/syncDirections';
import { GatewayStack, JWT_SECRET, SUBGRAPH_SECRET, eventually } from './helpers/gatewayStack';
import { testGatewayConfig } from './helpers/testGatewayConfig';

/**
 * Read your own writes across the stores, through the gateway: a consumer whose reads come from one store
 * (the canary) and whose write went to the other (the master) reads its write back at once, on this
 * gateway and on a second replica, until the sync has carried the write across; other consumers are
 * routed as before. No sync worker runs here, so the stores stay apart until a test runs a sync cycle.
 */
let stack: GatewayStack;
let uh: UhStore;
let replica: RunningGateway;
beforeAll(async () => {
  stack = await GatewayStack.start();
  uh = new UhStore({ connection: parseMssqlUrl('uh', stack.simulator.url), committedReadsOnly: true });
  replica = await startGateway(
    testGatewayConfig({
      subgraphUrls: { legacy: stack.legacy?.url ?? '', cloud: stack.cloud?.url ?? '' },
      subgraphSecret: SUBGRAPH_SECRET,
      jwtSecret: JWT_SECRET,
      databaseUrl: stack.db.url,
      debugRouting: true,
    }),
    pino({ level: 'silent' }),
  );
}, 180_000);
afterAll(async () => {
  await replica.close();
  await uh.close();
  await stack.close();
});

const TENANCY = `query T($ref: String!) { tenancy(reference: $ref) { reference endDate } }`;
const END = `mutation E($ref: String!) { endTenancy(reference: $ref, endDate: "2026-12-01") { reference } }`;

/** A subject whose canary bucket for `entity` is below / at or above `percent`. */
function subject(entity: string, inside: boolean, percent: number): string {
  for (let i = 0; ; i++) {
    const candidate = `consumer-${i}`;
    if (canaryBucket(entity, candidate) < percent === inside) return candidate;
  }
}

async function read(gatewayUrl: string, token: string, ref: string) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: TENANCY, variables: { ref } }),
  });
  const body = (await response.json()) as {
    data: { tenancy: { endDate: string | null } | null };
    extensions: { routing: { entities: Record<string, { store: string; pinned?: boolean }> } };
  };
  return { endDate: body.data.tenancy?.endDate, routing: body.extensions.routing.entities.tenancy };
}

it('a canary consumer that ends a tenancy (written to UH, the master) reads it back from UH on every replica until forward sync has copied it', async () => {
  await stack.setPhase('tenancy', 'CANARY', 90);
  const { rows } = await stack.cloudStore.query<{ reference: string }>(
    `SELECT reference FROM housing.tenancy WHERE NOT is_terminated AND end_date IS NULL AND start_date < '2026-01-01'
     ORDER BY reference LIMIT 1`,
  );
  const ref = rows[0]!.reference;
  const writer = await stack.token('all', subject('tenancy', true, 90));
  const neighbour = await stack.token('all', subject('tenancy', true, 90).replace('consumer', 'neighbour'));
  expect(await read(stack.gateway.url, writer, ref)).toEqual({
    endDate: null,
    routing: { phase: 'CANARY', store: 'cloud', bucket: expect.any(Number) },
  });

  const ended = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writer}` },
    body: JSON.stringify({ query: END, variables: { ref } }),
  });
  expect(((await ended.json()) as { errors?: unknown }).errors).toBeUndefined();

  // At once on the gateway that took the write: from UH, pinned.
  expect(await read(stack.gateway.url, writer, ref)).toEqual({
    endDate: '2026-12-01',
    routing: { phase: 'CANARY', store: 'legacy', bucket: expect.any(Number), pinned: true },
  });
  // Within a second on another replica.
  await eventually(async () => {
    expect(await read(replica.url, writer, ref)).toMatchObject({
      endDate: '2026-12-01',
      routing: { pinned: true },
    });
  });
  // Others are routed by the phase: the cloud's copy, stale until the sync runs.
  const neighbourRead = await read(stack.gateway.url, neighbour, ref);
  if (neighbourRead.routing?.store === 'cloud') expect(neighbourRead.endDate).toBeNull();

  // Forward sync copies the write and catches up after it: the pin goes, reads return to the cloud.
  const forward = syncDirections({ sweepEveryMs: 3_600_000 }).forward({ uh, pg: stack.cloudStore });
  await forward.cycle(new AbortController().signal);
  await eventually(async () => {
    expect(await read(stack.gateway.url, writer, ref)).toEqual({
      endDate: '2026-12-01',
      routing: { phase: 'CANARY', store: 'cloud', bucket: expect.any(Number) },
    });
  }, 3000);
  await stack.setPhase('tenancy', 'LEGACY');
}, 60_000);

it('a consumer that wrote to the cloud (CLOUD) and is then routed to UH (rolled back to a canary it is outside) reads its write from the cloud until the reverse sync has applied it', async () => {
  await stack.setPhase('tenancy', 'CLOUD');
  const { rows } = await stack.cloudStore.query<{ reference: string }>(
    `SELECT reference FROM housing.tenancy WHERE NOT is_terminated AND end_date IS NULL AND start_date < '2026-01-01'
     ORDER BY reference OFFSET 3 LIMIT 1`,
  );
  const ref = rows[0]!.reference;
  const writer = await stack.token('all', subject('tenancy', false, 10));
  const ended = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writer}` },
    body: JSON.stringify({ query: END, variables: { ref } }),
  });
  expect(((await ended.json()) as { errors?: unknown }).errors).toBeUndefined();
  await stack.setPhase('tenancy', 'CANARY', 10);
  expect(await read(stack.gateway.url, writer, ref)).toEqual({
    endDate: '2026-12-01',
    routing: { phase: 'CANARY', store: 'cloud', bucket: expect.any(Number), pinned: true },
  });
  const reverse = syncDirections({}).reverse({ uh, pg: stack.cloudStore });
  await reverse.cycle(new AbortController().signal);
  await eventually(async () => {
    expect(await read(stack.gateway.url, writer, ref)).toEqual({
      endDate: '2026-12-01',
      routing: { phase: 'CANARY', store: 'legacy', bucket: expect.any(Number) },
    });
  }, 3000);
  await stack.setPhase('tenancy', 'LEGACY');
}, 60_000);
