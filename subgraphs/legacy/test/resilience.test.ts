import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUhSimulator, type UhSimulatorHandle } from '../../../uh-simulator/startUhSimulator';
import { parseMssqlUrl } from '../../../core/parseMssqlUrl';
import { startLegacySubgraph, type RunningLegacySubgraph } from '../startLegacySubgraph';

// UH sits behind a VPN that drops. When it goes away, requests fail within the configured timeout with
// LEGACY_STORE_UNAVAILABLE (no driver text), /readyz says not ready, and service resumes by itself.
const TIMEOUT_MS = 1000;

describe('legacy subgraph: UH drops and comes back under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-resilience-'));
  const file = join(dir, 'uh.sqlite');
  let simulator: UhSimulatorHandle;
  let subgraph: RunningLegacySubgraph;

  beforeAll(async () => {
    simulator = await startUhSimulator({ file, seed: 'tiny' });
    subgraph = await startLegacySubgraph({
      uh: parseMssqlUrl('uh', simulator.url),
      port: 0,
      uhTimeoutMs: TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    await subgraph.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async () => {
    const started = performance.now();
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ property(reference: "00010009") { reference tenancies { reference } } }',
      }),
    });
    const body = (await response.json()) as {
      data?: { property: { reference: string } | null };
      errors?: { message: string; extensions: { code: string } }[];
    };
    return { ms: performance.now() - started, body };
  };
  const ready = async () => (await fetch(subgraph.url.replace('/graphql', '/readyz'))).status;

  it('fails fast and clearly while UH is away, and recovers without a restart', async () => {
    expect((await ask()).body.data?.property?.reference).toBe('00010009');
    expect(await ready()).toBe(200);

    // Load: 8 concurrent clients asking in a loop for the whole test (bounded in time).
    const results: Awaited<ReturnType<typeof ask>>[] = [];
    let running = true;
    const clients = Array.from({ length: 8 }, async () => {
      const until = Date.now() + 30_000;
      while (running && Date.now() < until) results.push(await ask());
    });

    await sleep(300);
    const port = simulator.port;
    await simulator.close(); // the tunnel drops: every connection is cut
    const down = await ask();
    expect(down.body.errors?.[0]?.extensions.code).toBe('LEGACY_STORE_UNAVAILABLE');
    expect(down.body.errors?.[0]?.message).toBe('Universal Housing is unavailable; retry later');
    expect(await ready()).toBe(503);
    await sleep(1500);

    simulator = await startUhSimulator({ file, port }); // UH comes back, same address, same data
    const recoveredAt = Date.now();
    let recovered = false;
    while (!recovered && Date.now() - recoveredAt < 15_000) {
      recovered = (await ask()).body.data?.property?.reference === '00010009';
      if (!recovered) await sleep(100);
    }
    expect(recovered).toBe(true);
    expect(await ready()).toBe(200);
    running = false;
    await Promise.all(clients);

    // Nothing hung: every request answered within the timeout plus connection set-up slack.
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(TIMEOUT_MS * 3);
    const errors = results.flatMap((r) => r.body.errors ?? []);
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((e) => e.extensions.code))).toEqual(new Set(['LEGACY_STORE_UNAVAILABLE']));
    expect(JSON.stringify(errors)).not.toMatch(/ESOCKET|ECONNREFUSED|ETIMEOUT|tedious|mssql|dbo\.|SELECT/i);
    expect(results.at(-1)?.body.data?.property?.reference).toBe('00010009');
  }, 60_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
