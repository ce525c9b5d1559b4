import { startUhSimulator, type UhSimulatorHandle } from '../../../uh-simulator/startUhSimulator';
import { parseMssqlUrl } from '../../../core/parseMssqlUrl';
import { GATEWAY_SECRET_HEADER } from '../../../core/gatewaySecretHeader';
import { cleanEnv, runHousing, spawnHousing } from '../../../test/helpers/runHousing';
import { startLegacySubgraph, type RunningLegacySubgraph } from '../startLegacySubgraph';

// Subgraphs accept calls only from the gateway (issue 5): with a shared secret set, /graphql refuses a
// request without the gateway's header, so nobody can read around the gateway's tokens and scopes.
const SECRET = 'legacy-test-secret-0123456789';
const QUERY = '{ property(reference: "00010009") { reference } }';
const FORBIDDEN_BODY = {
  errors: [
    {
      message: 'this subgraph accepts calls only from the gateway (header x-housing-gateway-secret)',
      extensions: { code: 'FORBIDDEN' },
    },
  ],
};

describe('legacy subgraph with a gateway secret', () => {
  let simulator: UhSimulatorHandle;
  let subgraph: RunningLegacySubgraph;

  beforeAll(async () => {
    simulator = await startUhSimulator({ seed: 'tiny' });
    subgraph = await startLegacySubgraph({
      uh: parseMssqlUrl('uh', simulator.url),
      port: 0,
      gatewaySecret: SECRET,
    });
  });
  afterAll(async () => {
    await subgraph.close();
    await simulator.close();
  });

  const post = (headers: Record<string, string>) =>
    fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: QUERY }),
    });

  it('refuses a call without the header, or with a wrong one of any length (403, FORBIDDEN)', async () => {
    const wrong: Record<string, string>[] = [
      {},
      { [GATEWAY_SECRET_HEADER]: '' },
      { [GATEWAY_SECRET_HEADER]: 'wrong' },
      { [GATEWAY_SECRET_HEADER]: SECRET.replace(/.$/, 'X') },
      { [GATEWAY_SECRET_HEADER]: `${SECRET}-and-more` },
    ];
    for (const headers of wrong) {
      const response = await post(headers);
      expect([JSON.stringify(headers), response.status]).toEqual([JSON.stringify(headers), 403]);
      expect(await response.json()).toEqual(FORBIDDEN_BODY);
    }
    // GET is refused the same way (queries can come as GET).
    const get = await fetch(`${subgraph.url}?query=${encodeURIComponent(QUERY)}`);
    expect(get.status).toBe(403);
  });

  it('serves a call carrying the secret', async () => {
    const response = await post({ [GATEWAY_SECRET_HEADER]: SECRET });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { property: { reference: '00010009' } } });
  });

  it("serves under the gateway's request id (its logs carry it), or a new one", async () => {
    const traced = await post({ [GATEWAY_SECRET_HEADER]: SECRET, 'x-request-id': 'gw-req-7' });
    expect(traced.headers.get('x-request-id')).toBe('gw-req-7');
    const fresh = await post({ [GATEWAY_SECRET_HEADER]: SECRET, 'x-request-id': 'not safe; drop table' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps /healthz, /readyz and /metrics open', async () => {
    const base = subgraph.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('housing_store_sql_requests_total');
  });

  it('housing subgraph legacy: refuses to start without SUBGRAPH_SECRET in production, warns elsewhere, passes it through', async () => {
    const production = await runHousing(
      ['subgraph', 'legacy', '--port', '0'],
      cleanEnv({ MSSQL_URL: simulator.url, NODE_ENV: 'production', SUBGRAPH_SECRET: '' }),
    );
    expect(production.code).toBe(2);
    expect(production.stderr).toContain(
      'housing: SUBGRAPH_SECRET is not set and NODE_ENV=production: expected a shared secret of 16 characters or more',
    );

    const short = await runHousing(
      ['subgraph', 'legacy', '--port', '0'],
      cleanEnv({ MSSQL_URL: simulator.url, SUBGRAPH_SECRET: 'short' }),
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      'housing: SUBGRAPH_SECRET: expected a secret of at least 16 characters, got "5 characters"\n',
    );

    const open = spawnHousing(
      ['subgraph', 'legacy', '--port', '0'],
      cleanEnv({ MSSQL_URL: simulator.url, SUBGRAPH_SECRET: '', LOG_LEVEL: 'warn' }),
    );
    await open.waitFor(/listening on/);
    expect(open.output()).toContain('SUBGRAPH_SECRET is not set: this subgraph accepts calls from anyone');
    expect(await open.interrupt()).toBe(0);

    const guarded = spawnHousing(
      ['subgraph', 'legacy', '--port', '0'],
      cleanEnv({ MSSQL_URL: simulator.url, SUBGRAPH_SECRET: SECRET, NODE_ENV: 'production' }),
    );
    const [, url] = await guarded.waitFor(/listening on (\S+)/);
    try {
      const refused = await fetch(url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(refused.status).toBe(403);
      const served = await fetch(url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_SECRET_HEADER]: SECRET },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(await served.json()).toEqual({ data: { property: { reference: '00010009' } } });
      expect(guarded.output()).not.toContain('accepts calls from anyone');
    } finally {
      expect(await guarded.interrupt()).toBe(0);
    }
  }, 120_000);
});
