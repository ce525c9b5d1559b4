import { canaryBucket } from '../gateway/routing/canaryBucket';
import { LabelRoutingPlanner } from '../gateway/planner/LabelRoutingPlanner';
import { loadSupergraph } from '../gateway/supergraph/loadSupergraph';
import { ENTITIES } from '../migration/phases';
import { readScopedFields } from '../gateway/auth/readScopedFields';
import { queriesReachingScopedFields } from '../gateway/auth/queriesReachingScopedFields';
import { join } from 'node:path';
import { loadRegisteredOperations } from '../schema/tooling/loadRegisteredOperations';
import { eventually, GatewayStack, SUPERGRAPH_SDL, type GraphQLBody } from './helpers/gatewayStack';

// The gateway end to end: seeded UH simulator and backfilled cloud database, both subgraphs on HTTP with
// the shared secret, the gateway routing from the phases in migration.entity_phase.
jest.setTimeout(60_000);

let stack: GatewayStack;
let allScopes: string;
/** A property with a UPRN in the LLPG and a tenancy whose members have dates of birth. */
let sample: { property: string; tenancy: string; person: string };

beforeAll(async () => {
  stack = await GatewayStack.start();
  allScopes = await stack.token('all');
  const { body } = await stack.request(
    `{ properties(first: 50) { nodes { reference llpgAddress { uprn } tenancies { reference members { id dateOfBirth } } } } }`,
    { token: allScopes },
  );
  type Node = {
    reference: string;
    llpgAddress: { uprn: string } | null;
    tenancies: { reference: string; members: { id: string; dateOfBirth: string | null }[] }[];
  };
  const nodes = (body.data?.properties as { nodes: Node[] }).nodes;
  for (const node of nodes) {
    const tenancy = node.tenancies.find((t) => t.members.some((m) => m.dateOfBirth !== null));
    if (node.llpgAddress !== null && tenancy !== undefined) {
      const person = tenancy.members.find((m) => m.dateOfBirth !== null)?.id ?? '';
      sample = { property: node.reference, tenancy: tenancy.reference, person };
      break;
    }
  }
  if (sample === undefined) throw new Error('the tiny seed has no property with LLPG address and members');
}, 300_000);

afterAll(async () => {
  await stack?.close();
});

const routing = (body: GraphQLBody) => body.extensions?.routing;

describe('routing by migration phase', () => {
  const QUERY = `query P($ref: String!) { property(reference: $ref) { reference address { line1 postcode } llpgAddress { uprn } } }`;

  afterEach(async () => {
    await stack.setPhase('property', 'LEGACY');
  });

  it('serves a LEGACY entity from legacy and LLPG fields from cloud, in one response', async () => {
    const { body } = await stack.request(QUERY, { variables: { ref: sample.property }, token: allScopes });
    expect(body.errors).toBeUndefined();
    expect(body.data?.property).toMatchObject({
      reference: sample.property,
      llpgAddress: { uprn: expect.any(String) },
    });
    expect(routing(body)?.entities.property).toEqual({ phase: 'LEGACY', store: 'legacy' });
    expect(routing(body)?.fetches).toEqual([
      { serviceName: 'legacy', path: '' },
      { serviceName: 'cloud', path: 'property' },
    ]);
  });

  it('moves reads to cloud within 2 s of `migrate set CLOUD`, with the same answer', async () => {
    const before = await stack.request(QUERY, { variables: { ref: sample.property }, token: allScopes });
    await stack.setPhase('property', 'CLOUD');
    await eventually(async () => {
      const { body } = await stack.request(QUERY, { variables: { ref: sample.property }, token: allScopes });
      expect(routing(body)?.entities.property).toEqual({ phase: 'CLOUD', store: 'cloud' });
      expect(routing(body)?.fetches).toEqual([{ serviceName: 'cloud', path: '' }]);
      expect(body.data).toEqual(before.body.data);
    }, 2000);
  });

  it('keeps mutations on legacy while an entity is in CANARY (UH stays the write master)', async () => {
    await stack.setPhase('tenancy', 'CANARY', 99);
    await eventually(async () => {
      const { body } = await stack.request(
        `mutation { endTenancy(reference: "no/such", endDate: "2026-01-01") { reference } }`,
        { token: allScopes },
      );
      expect(routing(body)?.entities.tenancy).toMatchObject({ store: 'legacy' });
    });
    await stack.setPhase('tenancy', 'LEGACY');
  });
});

describe('identical queries in flight', () => {
  it('share one execution, and never across callers with different scopes', async () => {
    const shared = async () => {
      const text = await (await fetch(`${stack.origin}/metrics`)).text();
      return Number(/housing_gateway_shared_executions_total (\d+)/.exec(text)?.[1] ?? 'NaN');
    };
    const before = await shared();
    const query = `query Same($ref: String!) { tenancy(reference: $ref) { reference members { id dateOfBirth } } }`;
    const variables = { ref: sample.tenancy };
    const [withScope, anonymous, ...rest] = await Promise.all([
      stack.request(query, { variables, token: allScopes }),
      stack.request(query, { variables }),
      ...Array.from({ length: 6 }, () => stack.request(query, { variables, token: allScopes })),
    ]);
    expect(await shared()).toBeGreaterThan(before);
    for (const response of rest) expect(response.body).toEqual(withScope?.body);
    expect(withScope?.body.errors).toBeUndefined();
    expect(anonymous?.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('moving every entity', () => {
  it('answers every registered query identically with every entity on legacy and on cloud', async () => {
    const queries = loadRegisteredOperations(join(__dirname, '..', 'schema')).filter(
      (op) => op.kind === 'query',
    );
    expect(queries.length).toBeGreaterThanOrEqual(10);
    const run = async () => {
      const answers: Record<string, unknown> = {};
      for (const op of queries) {
        const { body } = await stack.request(op.text, { variables: op.variables, token: allScopes });
        answers[`${op.client}/${op.name}`] = { data: body.data, errors: body.errors };
      }
      return answers;
    };
    const entities = ENTITIES;
    const onLegacy = await run();
    // Real data, not a comparison of nulls: most registered queries find their records in the seed.
    const answered = Object.values(onLegacy).filter((answer) =>
      Object.values((answer as { data?: Record<string, unknown> | null }).data ?? {}).some(
        (value) => value !== null,
      ),
    );
    expect(answered.length).toBeGreaterThanOrEqual(Math.ceil(queries.length / 2));
    for (const entity of entities) await stack.setPhase(entity, 'CLOUD');
    try {
      await eventually(async () => {
        const { body } = await stack.request(`{ property(reference: "1") { reference } }`, {
          token: allScopes,
        });
        expect(routing(body)?.entities.property?.store).toBe('cloud');
      });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // every phase read, not just the first
      const onCloud = await run();
      expect(onCloud).toEqual(onLegacy);
    } finally {
      for (const entity of entities) await stack.setPhase(entity, 'LEGACY');
    }
  });
});

describe('sticky canary', () => {
  it('sends each consumer to the same store every time, p% of consumers to cloud', async () => {
    await stack.setPhase('tenancy', 'CANARY', 50);
    const query = `query T($ref: String!) { tenancy(reference: $ref) { reference startDate } }`;
    const subjects = Array.from({ length: 24 }, (_, i) => `consumer-${i}`);
    await eventually(async () => {
      const { body } = await stack.request(query, {
        variables: { ref: sample.tenancy },
        token: await stack.token([], 'probe'),
      });
      expect(routing(body)?.entities.tenancy?.phase).toBe('CANARY');
    });
    const stores = new Map<string, string>();
    for (const subject of subjects) {
      const token = await stack.token([], subject);
      for (let i = 0; i < 3; i++) {
        const { body } = await stack.request(query, { variables: { ref: sample.tenancy }, token });
        const store = routing(body)?.entities.tenancy?.store ?? 'none';
        expect(store).toBe(canaryBucket('tenancy', subject) < 50 ? 'cloud' : 'legacy');
        expect(stores.get(subject) ?? store).toBe(store);
        stores.set(subject, store);
        expect(body.data?.tenancy).toMatchObject({ reference: sample.tenancy });
      }
    }
    expect(new Set(stores.values())).toEqual(new Set(['cloud', 'legacy']));
    // Without a token the client name, then the address, is the consumer key.
    const named = await stack.request(query, {
      variables: { ref: sample.tenancy },
      headers: { 'apollographql-client-name': 'repairs-app' },
    });
    expect(routing(named.body)?.entities.tenancy?.bucket).toBe(canaryBucket('tenancy', 'client:repairs-app'));
    await stack.setPhase('tenancy', 'LEGACY');
  });
});

describe('shadow reads', () => {
  it('records each difference between legacy and cloud off the response path', async () => {
    await stack.setPhase('property', 'SHADOW');
    // Cloud disagrees with UH about one address line (as a faulty sync would make it).
    await stack.cloudStore.query(
      `UPDATE housing.property SET address_line1 = 'Shadow Street' WHERE reference = $1`,
      [sample.property],
    );
    const query = `query ShadowProbe($ref: String!) { property(reference: $ref) { reference address { line1 } } }`;
    let legacyLine = '';
    await eventually(async () => {
      const { body } = await stack.request(query, { variables: { ref: sample.property }, token: allScopes });
      expect(routing(body)?.entities.property?.phase).toBe('SHADOW');
      legacyLine = (body.data?.property as { address: { line1: string } }).address.line1;
    });
    expect(legacyLine).not.toBe('Shadow Street');
    await stack.gateway.drainShadow();
    const { rows } = await stack.cloudStore.query<{
      entity: string;
      operation_name: string;
      path: string;
      legacy_value: unknown;
      cloud_value: unknown;
    }>(`SELECT entity, operation_name, path, legacy_value, cloud_value FROM migration.shadow_mismatch`);
    expect(rows[0]).toEqual({
      entity: 'property',
      operation_name: 'ShadowProbe',
      path: 'property.address.line1',
      legacy_value: legacyLine,
      cloud_value: 'Shadow Street',
    });
    const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
    expect(metrics).toMatch(/housing_gateway_shadow_mismatches_total\{entity="property"\} [1-9]/);
    await stack.setPhase('property', 'LEGACY');
  });
});

describe('partial results when a subgraph is down', () => {
  it('answers legacy data with an error naming cloud when cloud is down, and recovers', async () => {
    await stack.stopCloud();
    try {
      const { body } = await stack.request(
        `query P($ref: String!) { property(reference: $ref) { reference llpgAddress { uprn } } }`,
        { variables: { ref: sample.property }, token: allScopes },
      );
      expect(body.data?.property).toEqual({ reference: sample.property, llpgAddress: null });
      expect(body.errors).toEqual([
        {
          message: 'subgraph cloud could not be reached',
          path: ['property'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'cloud' },
        },
      ]);
      const ready = await fetch(`${stack.origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ subgraphs: { cloud: 'unreachable', legacy: 'ready' } });
    } finally {
      await stack.startCloud();
    }
    expect((await fetch(`${stack.origin}/readyz`)).status).toBe(200);
  });

  it('answers cloud data with an error naming legacy when legacy is down', async () => {
    await stack.setPhase('property', 'CLOUD');
    await stack.stopLegacy();
    try {
      await eventually(async () => {
        const { body } = await stack.request(
          `query Q($ref: String!, $tenancy: String!) { property(reference: $ref) { reference llpgAddress { uprn } } tenancy(reference: $tenancy) { reference } }`,
          { variables: { ref: sample.property, tenancy: sample.tenancy }, token: allScopes },
        );
        expect(body.data?.property).toMatchObject({
          reference: sample.property,
          llpgAddress: { uprn: expect.any(String) },
        });
        expect(body.data?.tenancy).toBeNull();
        expect(body.errors).toEqual([
          {
            message: 'subgraph legacy could not be reached',
            path: ['tenancy'],
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'legacy' },
          },
        ]);
      });
    } finally {
      await stack.startLegacy();
      await stack.setPhase('property', 'LEGACY');
    }
  });
});

describe('scopes', () => {
  it('returns personal fields only with their scope: null and FORBIDDEN at the path otherwise', async () => {
    const query = `query M($ref: String!) { tenancy(reference: $ref) { reference members { id dateOfBirth } } }`;
    const anonymous = await stack.request(query, { variables: { ref: sample.tenancy } });
    const members = (anonymous.body.data?.tenancy as { members: { id: string; dateOfBirth: unknown }[] })
      .members;
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) expect(member.dateOfBirth).toBeNull();
    expect(anonymous.body.errors).toEqual(
      members.map((_, i) => ({
        message: expect.stringMatching(/^Forbidden: Person.dateOfBirth needs scope personal:read/),
        path: ['tenancy', 'members', i, 'dateOfBirth'],
        extensions: { code: 'FORBIDDEN' },
      })),
    );
    const withScope = await stack.request(query, {
      variables: { ref: sample.tenancy },
      token: await stack.token(['personal:read']),
    });
    expect(withScope.body.errors).toBeUndefined();
    expect(JSON.stringify(withScope.body.data)).toMatch(/"dateOfBirth":"\d{4}-\d\d-\d\d"/);
  });

  it('never returns any scoped field of the supergraph without its scope', async () => {
    const planner = new LabelRoutingPlanner(loadSupergraph(SUPERGRAPH_SDL));
    const apiSchema = planner.apiSchema.toGraphQLJSSchema();
    const queries = queriesReachingScopedFields(apiSchema, readScopedFields(SUPERGRAPH_SDL).scopedFields);
    expect(queries.length).toBeGreaterThanOrEqual(10);
    let seenWithScope = 0;
    for (const { coordinate, query, variables, operationType } of queries) {
      const field = coordinate.split('.')[1] as string;
      const without = await stack.request(query, { variables, token: await stack.token([]) });
      const values = valuesOf(without.body.data, field);
      expect({ coordinate, nonNull: values.filter((value) => value !== null) }).toEqual({
        coordinate,
        nonNull: [],
      });
      const forbidden = (without.body.errors ?? []).filter((error) => error.extensions?.code === 'FORBIDDEN');
      expect({ coordinate, forbidden: forbidden.length > 0 }).toEqual({ coordinate, forbidden: true });
      if (operationType === 'query') {
        const withScope = await stack.request(query, { variables, token: allScopes });
        expect((withScope.body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN')).toEqual([]);
        if (valuesOf(withScope.body.data, field).some((value) => value !== null)) seenWithScope++;
      }
    }
    // The walk reaches real data: most scoped fields come back with their scope.
    expect(seenWithScope).toBeGreaterThanOrEqual(5);
  });

  it('refuses a bad token with 401 UNAUTHENTICATED, never serving it as anonymous', async () => {
    const { status, body } = await stack.request(`{ property(reference: "1") { reference } }`, {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('limits, masking and the HTTP surface', () => {
  it('refuses an operation over the depth limit with a message naming it', async () => {
    const deep = `{ property(reference: "1") { ${'parent { '.repeat(15)}reference${' }'.repeat(15)} } }`;
    const { body } = await stack.request(deep, { token: allScopes });
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'depth' });
    expect(body.errors?.[0]?.message).toMatch(/depth \d+ exceeds the limit of \d+/);
  });

  it('refuses too many aliases and too costly lists', async () => {
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: property(reference: "1") { reference }`).join(' ')} }`;
    expect((await stack.request(aliases)).body.errors?.[0]?.extensions).toMatchObject({ limit: 'aliases' });
    const costly = `{ properties(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { reference } } } } } } }`;
    expect((await stack.request(costly)).body.errors?.[0]?.extensions).toMatchObject({ limit: 'cost' });
  });

  it('answers 413 to a body over the limit, and 400 to a body that is not JSON', async () => {
    const big = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ property(reference: "${'1'.repeat(200_000)}") { reference } }` }),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as GraphQLBody).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('gives codes and safe messages only', async () => {
    const wrongType = await stack.request(
      `query Q($ref: String!) { property(reference: $ref) { reference } }`,
      {
        variables: { ref: 12 },
      },
    );
    expect(wrongType.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    const syntax = await stack.request(`{ property(`);
    expect(syntax.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const badInput = await stack.request(`{ property(reference: "not a reference") { reference } }`);
    const error = badInput.body.errors?.[0];
    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      serviceName: 'legacy',
      argument: 'reference',
    });
    expect(JSON.stringify(badInput.body)).not.toMatch(/stacktrace|SELECT|at .*\.ts/);
  });

  it('serves health, readiness, metrics, the explorer and a request id', async () => {
    expect((await fetch(`${stack.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.origin}/readyz`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      supergraph: 'loaded',
      phases: 'loaded',
      subgraphs: { legacy: 'ready', cloud: 'ready' },
    });
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-1');
    const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
    for (const name of [
      'housing_gateway_requests_total{operation_type="query"}',
      'housing_gateway_request_duration_seconds_bucket',
      'housing_gateway_subgraph_fetches_total{subgraph="legacy",outcome="ok"}',
      'housing_gateway_subgraph_fetch_duration_seconds_bucket',
      'housing_gateway_errors_total{code="FORBIDDEN"}',
      'housing_gateway_label_decisions_total{entity="property",store="legacy"}',
    ])
      expect(metrics).toContain(name);
    const explorer = await fetch(`${stack.origin}/`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toMatch(/graphiql/i);
  });
});

/** Every value under a key named `field` anywhere in a response tree. */
function valuesOf(data: unknown, field: string): unknown[] {
  const found: unknown[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null)
      for (const [key, child] of Object.entries(value)) {
        if (key === field) found.push(child);
        walk(child);
      }
  };
  walk(data);
  return found;
}
