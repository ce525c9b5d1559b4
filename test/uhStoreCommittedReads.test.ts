import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { startUhSimulator, type UhSimulatorHandle } from '../uh-simulator/startUhSimulator';
import { UhStore, type UhQueryEvent } from '../stores/uh/UhStore';

/**
 * committedReadsOnly: the sync's store drops the graph's WITH (NOLOCK) hints from every request it sends
 * (reads, batches, transactions), so it never copies a version that may still roll back; the graph's store
 * sends them as written.
 */
let simulator: UhSimulatorHandle;
beforeAll(async () => {
  simulator = await startUhSimulator({ seed: 'tiny' });
});
afterAll(async () => {
  await simulator.close();
});

async function sent(committedReadsOnly: boolean): Promise<string[]> {
  const events: UhQueryEvent[] = [];
  const store = new UhStore({
    connection: parseMssqlUrl('uh', simulator.url),
    committedReadsOnly,
    onQuery: (event) => events.push(event),
  });
  try {
    const query = {
      name: 'probe',
      text: 'SELECT TOP (1) p.prop_ref FROM dbo.property p WITH (NOLOCK) JOIN dbo.postcode pc  with ( nolock ) ON pc.post_code = p.post_code',
      params: [],
    };
    expect(await store.query(query)).toHaveLength(1);
    await store.queryBatch(query);
    await store.withTransaction('probe', (tx) => tx.query(query));
  } finally {
    await store.close();
  }
  return events.map((event) => event.text);
}

test('the sync reads committed data only: every NOLOCK hint dropped, in queries, batches and transactions', async () => {
  const texts = await sent(true);
  expect(texts).toHaveLength(3);
  for (const text of texts)
    expect(text).toBe(
      'SELECT TOP (1) p.prop_ref FROM dbo.property p JOIN dbo.postcode pc ON pc.post_code = p.post_code',
    );
});

test('the graph reads as UH applications do, hints as written', async () => {
  for (const text of await sent(false)) expect(text).toContain('WITH (NOLOCK)');
});
