import { createServer } from 'node:net';
import { SignJWT } from 'jose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import { cleanEnv, runHousing, spawnHousing } from './helpers/runHousing';

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
  it('says where the subgraphs should come from when none are given', async () => {
    const run = await runHousing(['gateway', '--data-dir', emptyDataDir], cleanEnv({ JWT_SECRET: SECRET }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'no legacy subgraph to route to: set LEGACY_SUBGRAPH_URL and CLOUD_SUBGRAPH_URL (or --legacy-url / --cloud-url)',
    );
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
