import { startUhSimulator, type UhSimulatorHandle } from '../../../uh-simulator/startUhSimulator';
import { parseMssqlUrl } from '../../../core/parseMssqlUrl';
import { startLegacySubgraph, type RunningLegacySubgraph } from '../startLegacySubgraph';

// Over the VPN (the simulator behind a link adding 40 ms each way), a deep page costs one round trip, and the
// subgraph's /metrics says so per operation.
const ONE_WAY_MS = 40;

describe('legacy subgraph over a slow VPN link', () => {
  let simulator: UhSimulatorHandle;
  let subgraph: RunningLegacySubgraph;
  beforeAll(async () => {
    simulator = await startUhSimulator({ seed: 'tiny', latencyMs: ONE_WAY_MS });
    subgraph = await startLegacySubgraph({ uh: parseMssqlUrl('uh', simulator.url), port: 0 });
  });
  afterAll(async () => {
    await subgraph.close();
    await simulator.close();
  });

  const ask = async (query: string) => {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };

  it('a tenancy page four levels deep takes one round trip, counted in housing_legacy_uh_round_trips', async () => {
    // Connections opened first (their handshakes are round trips of their own).
    await ask('{ property(reference: "00010009") { reference } }');
    const before = await roundTripMetric(subgraph.url);
    const body =
      await ask(`{ tenancy(reference: "0900007/01") { reference property { reference parent { reference } }
      members { id contactDetails { email } tenancies { reference } } transactions(first: 5) { totalCount nodes { amount } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.tenancy.members.length).toBeGreaterThan(0);
    const after = await roundTripMetric(subgraph.url);
    expect(after.count - before.count).toBe(1);
    expect(after.sum - before.sum).toBe(1);
  });

  it('a mutation with a deep answer takes two: its write, one batch, then the answer read ahead', async () => {
    const before = await roundTripMetric(subgraph.url, 'mutation');
    const body = await ask(`mutation { endTenancy(reference: "0900007/01", endDate: "2026-12-31") {
      reference endDate property { reference parent { reference } currentTenancy { reference } } members { id } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.endTenancy).toMatchObject({ reference: '0900007/01', endDate: '2026-12-31' });
    const after = await roundTripMetric(subgraph.url, 'mutation');
    expect(after.count - (before.count || 0)).toBe(1);
    expect(after.sum - (before.sum || 0)).toBe(2);
  });
});

async function roundTripMetric(
  graphqlUrl: string,
  type: 'query' | 'mutation' = 'query',
): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(graphqlUrl.replace('/graphql', '/metrics'))).text();
  const value = (name: string) =>
    Number(/^(\S+) (\S+)$/m.exec(text.split('\n').find((line) => line.startsWith(name)) ?? '')?.[2] ?? NaN);
  return {
    sum: value(`housing_legacy_uh_round_trips_sum{type="${type}"}`),
    count: value(`housing_legacy_uh_round_trips_count{type="${type}"}`),
  };
}
