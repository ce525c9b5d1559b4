import { createServer } from 'node:net';
import { SignJWT } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import { cleanEnv, runHousing, spawnHousing } from './helpers/runHousing';
import { composeAssetsGraph, startAssetsSubgraphs } from './helpers/assetsGraph';

// `housing gateway` as an operator runs it: what it refuses, and that it serves and stops cleanly.
jest.setTimeout(60_000);

const SECRET = 'a-development-secret-of-32-bytes-or-more';
const emptyDataDir = mkdtempSync(join(tmpdir(), 'gateway-cli-'));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const urls = ['--legacy-url', 'http://127.0.0.1:9/graphql', '--cloud-url', 'http://127.0.0.1:9/graphql'];

describe('housing gateway', () => {
  it("routes to the supergraph's own URLs unless told otherwise, and without a database turns every label off", async () => {
    const gateway = spawnHousing(
      ['gateway', '--data-dir', emptyDataDir, '--port', '0', '--legacy-url', 'http://127.0.0.1:9/graphql'],
      cleanEnv({ JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }),
    );
    try {
      const [, url] = (await gateway.waitFor(/gateway listening on (http:\/\/\S+\/graphql)/)) as unknown as [
        string,
        string,
      ];
      const said = gateway.output().split('\n');
      expect(said.slice(0, 3)).toEqual([
        'subgraph cloud: http://localhost:4002/graphql (from the supergraph)',
        'subgraph legacy: http://127.0.0.1:9/graphql (from --legacy-url)',
        `no database for migration phases (DATABASE_URL, or housing start on ${emptyDataDir}): every override label is off`,
      ]);
      const ready = await fetch(`${new URL(url).origin}/readyz`);
      expect(await ready.json()).toMatchObject({ phases: 'none (no database): every override label off' });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ property(reference: "1") { reference } }' }),
      });
      // Every label off: property is served by legacy, the subgraph its fields are overridden from.
      expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
        expect.objectContaining({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'legacy' } }),
      ]);
    } finally {
      expect(await gateway.interrupt()).toBe(0);
    }
    expect(gateway.output().match(/no database for migration phases/g)).toHaveLength(1);
  });

  it('serves a supergraph from a file with subgraphs of its own, one URL overridden by name', async () => {
    const subgraphs = await startAssetsSubgraphs({ scopes: false });
    const file = join(emptyDataDir, 'assets-supergraph.graphql');
    writeFileSync(
      file,
      composeAssetsGraph(
        { scopes: false },
        { assets: subgraphs.urls.assets, repairs: 'http://127.0.0.1:9/graphql' },
      ),
    );
    const gateway = spawnHousing(
      [
        'gateway',
        '--supergraph',
        file,
        '--subgraph-url',
        `repairs=${subgraphs.urls.repairs}`,
        '--port',
        '0',
        '--data-dir',
        emptyDataDir,
      ],
      cleanEnv({ JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }),
    );
    try {
      const [, url] = (await gateway.waitFor(/gateway listening on (http:\/\/\S+\/graphql)/)) as unknown as [
        string,
        string,
      ];
      expect(gateway.output().split('\n').slice(0, 2)).toEqual([
        `subgraph assets: ${subgraphs.urls.assets} (from the supergraph)`,
        `subgraph repairs: ${subgraphs.urls.repairs} (from --subgraph-url)`,
      ]);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ contractorsOnCall { id companyName } assets { __typename name } }',
        }),
      });
      expect(await response.json()).toEqual({
        data: {
          contractorsOnCall: [{ id: 'c1', companyName: 'Acme Repairs' }],
          assets: [
            { __typename: 'Dwelling', name: 'Flat 1 Gingerbread House' },
            { __typename: 'Garage', name: 'Garage 7' },
            { __typename: 'Dwelling', name: 'Flat 2 Gingerbread House' },
          ],
        },
      });
    } finally {
      expect(await gateway.interrupt()).toBe(0);
      await subgraphs.close();
    }
  });

  it('refuses subgraph URLs it cannot use and a file that is not a supergraph, with what was expected and no stack', async () => {
    const env = cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET });
    const malformed = await runHousing(['gateway', '--subgraph-url', 'legacy'], env);
    expect([malformed.code, malformed.stderr]).toEqual([
      2,
      expect.stringContaining(
        'expected name=URL, an http(s) URL per subgraph (e.g. legacy=http://127.0.0.1:4001/graphql), got "legacy"',
      ),
    ]);
    const unknown = await runHousing(
      ['gateway', '--subgraph-url', 'finance=http://127.0.0.1:9/graphql'],
      env,
    );
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'housing: --subgraph-url: expected a subgraph of the supergraph (cloud, legacy), got "a URL for finance"\n',
    ]);
    const fromEnv = await runHousing(
      ['gateway'],
      cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET, SUBGRAPH_URLS: 'uh=http://127.0.0.1:9/graphql' }),
    );
    expect([fromEnv.code, fromEnv.stderr]).toEqual([
      2,
      'housing: SUBGRAPH_URLS: expected a subgraph of the supergraph (cloud, legacy), got "a URL for uh"\n',
    ]);
    const file = join(emptyDataDir, 'not-a-supergraph.graphql');
    writeFileSync(file, 'type Query { a: Int }');
    const notSupergraph = await runHousing(['gateway', '--supergraph', file], env);
    expect([notSupergraph.code, notSupergraph.stderr]).toEqual([
      2,
      expect.stringMatching(
        /^housing: --supergraph: expected a Federation 2 supergraph composed by @apollo\/composition \(housing schema compose, rover supergraph compose\), got ".*not-a-supergraph\.graphql, not a supergraph this gateway can serve: Invalid supergraph: must be a core schema"\n$/,
      ),
    ]);
  });

  it('refuses to start without a way to verify tokens', async () => {
    const run = await runHousing(['gateway', ...urls], cleanEnv({ DATABASE_URL: db.url }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('JWT_SECRET / JWKS_URL: expected exactly one of them');
  });

  it('refuses --debug-routing, a development secret and no subgraph secret in production', async () => {
    const run = await runHousing(
      ['gateway', ...urls, '--debug-routing'],
      cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET, NODE_ENV: 'production' }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--debug-routing: expected off in production');
    const noJwks = await runHousing(
      ['gateway', ...urls],
      cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET, NODE_ENV: 'production' }),
    );
    expect(noJwks.stderr).toContain('JWKS_URL: expected the identity provider key set in production');
  });

  it('requires an audience for identity-provider tokens in production, and checks it', async () => {
    const production = await runHousing(
      ['gateway', ...urls],
      cleanEnv({
        DATABASE_URL: db.url,
        JWKS_URL: 'https://login.example.org/keys',
        SUBGRAPH_SECRET: 'a-subgraph-secret-0123456789',
        NODE_ENV: 'production',
      }),
    );
    expect([production.code, production.stderr]).toEqual([
      2,
      expect.stringContaining("JWT_AUDIENCE: expected this API's audience in production"),
    ]);
    const gateway = spawnHousing(
      ['gateway', ...urls, '--port', '0'],
      cleanEnv({
        DATABASE_URL: db.url,
        JWT_SECRET: SECRET,
        JWT_AUDIENCE: 'housing-graph',
        LOG_LEVEL: 'warn',
      }),
    );
    try {
      const [, url] = (await gateway.waitFor(/gateway listening on (http:\/\/\S+\/graphql)/)) as unknown as [
        string,
        string,
      ];
      const token = (audience: string) =>
        new SignJWT({ scope: '' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('someone')
          .setAudience(audience)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(SECRET));
      const call = async (bearer: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
      expect((await call(await token('another-app'))).status).toBe(401);
      expect((await call(await token('housing-graph'))).status).toBe(200);
    } finally {
      expect(await gateway.interrupt()).toBe(0);
    }
  });

  it('refuses bad arguments with what was expected', async () => {
    const env = cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET });
    const percent = await runHousing(['gateway', ...urls, '--shadow-sample', '150'], env);
    expect([percent.code, percent.stderr]).toEqual([
      2,
      expect.stringContaining('expected a percentage from 0 to 100'),
    ]);
    const supergraph = await runHousing(['gateway', ...urls, '--supergraph', '/no/such/file'], env);
    expect([supergraph.code, supergraph.stderr]).toEqual([
      2,
      expect.stringContaining('--supergraph: expected a readable supergraph SDL file'),
    ]);
    const timeout = await runHousing(['gateway', ...urls, '--timeout', 'legacy=soon'], env);
    expect([timeout.code, timeout.stderr]).toEqual([
      2,
      expect.stringContaining(
        'expected milliseconds for every subgraph, and/or name=milliseconds per subgraph',
      ),
    ]);
    const unknown = await runHousing(['gateway', ...urls, '--timeout', '5000,uh=20000'], env);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringContaining(
        'GATEWAY_TIMEOUT: expected timeouts for the supergraph\'s subgraphs (cloud, legacy), got "a timeout for uh"',
      ),
    ]);
    const badUrl = await runHousing(['gateway', '--legacy-url', 'ftp://x', '--cloud-url', 'http://y'], env);
    expect([badUrl.code, badUrl.stderr]).toEqual([2, expect.stringContaining('expected an http(s) URL')]);
  });

  it('refuses a bad thresholds file (flag or HOUSING_GATE_THRESHOLDS) and a bad HOUSING_AUTO_GUARD, naming them', async () => {
    const env = cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET });
    const thresholds = join(emptyDataDir, 'thresholds.json');
    writeFileSync(thresholds, '{"guardSustainedSeconds": -1}');
    const badThresholds = await runHousing(['gateway', ...urls, '--thresholds', thresholds], env);
    expect([badThresholds.code, badThresholds.stderr]).toEqual([
      2,
      `housing: --thresholds: thresholds file ${thresholds}: guardSustainedSeconds: expected a number of seconds, 0 or more, got -1\n`,
    ]);
    const fromEnv = await runHousing(['gateway', ...urls], { ...env, HOUSING_GATE_THRESHOLDS: thresholds });
    expect([fromEnv.code, fromEnv.stderr]).toEqual([
      2,
      expect.stringContaining(
        `housing: HOUSING_GATE_THRESHOLDS: thresholds file ${thresholds}: guardSustainedSeconds`,
      ),
    ]);
    const guard = await runHousing(['gateway', ...urls], { ...env, HOUSING_AUTO_GUARD: 'maybe' });
    expect([guard.code, guard.stderr]).toEqual([2, expect.stringContaining('HOUSING_AUTO_GUARD: expected')]);
  });

  it('says which port is taken when it cannot listen', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const run = await runHousing(
        ['gateway', ...urls, '--port', port],
        cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`the gateway cannot listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      blocker.close();
    }
  });

  it('serves, reports unreachable subgraphs on /readyz, and stops on Ctrl-C', async () => {
    const gateway = spawnHousing(
      ['gateway', ...urls, '--port', '0'],
      cleanEnv({ DATABASE_URL: db.url, JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }),
    );
    try {
      const [, url] = (await gateway.waitFor(/gateway listening on (http:\/\/\S+\/graphql)/)) as unknown as [
        string,
        string,
      ];
      const origin = new URL(url).origin;
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      const ready = await fetch(`${origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'not ready',
        supergraph: 'loaded',
        phases: 'loaded',
        subgraphs: { legacy: 'unreachable', cloud: 'unreachable' },
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ property(reference: "1") { reference } }' }),
      });
      const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'legacy' });
    } finally {
      expect(await gateway.interrupt()).toBe(0);
    }
  });
});
