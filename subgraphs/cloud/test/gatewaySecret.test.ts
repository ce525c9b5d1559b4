import { createTestDatabase, type TestDatabase } from '../../../test/pg/createTestDatabase';
import { GATEWAY_SECRET_HEADER } from '../../../core/gatewaySecretHeader';
import { startCloudSubgraph, type RunningCloudSubgraph } from '../startCloudSubgraph';

// The cloud subgraph takes its gateway secret through startCloudSubgraph, like the legacy one.
const SECRET = 'cloud-test-secret-0123456789';

describe('cloud subgraph with a gateway secret', () => {
  let db: TestDatabase;
  let subgraph: RunningCloudSubgraph;

  beforeAll(async () => {
    db = await createTestDatabase();
    subgraph = await startCloudSubgraph({ databaseUrl: db.url, port: 0, gatewaySecret: SECRET });
  });
  afterAll(async () => {
    await subgraph.close();
    await db.drop();
  });

  const post = (headers: Record<string, string>) =>
    fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ properties { totalCount } }' }),
    });

  it('refuses a call without the secret or with a wrong one, and serves one with it', async () => {
    const wrong: Record<string, string>[] = [{}, { [GATEWAY_SECRET_HEADER]: SECRET.toUpperCase() }];
    for (const headers of wrong) {
      const refused = await post(headers);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        errors: [
          {
            message: 'this subgraph accepts calls only from the gateway (header x-housing-gateway-secret)',
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
    }
    const served = await post({ [GATEWAY_SECRET_HEADER]: SECRET });
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ data: { properties: { totalCount: 0 } } });
  });

  it('keeps /healthz, /readyz and /metrics open', async () => {
    const base = subgraph.url.replace('/graphql', '');
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
    }
  });
});
