import { createServer } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { Registry } from 'prom-client';
import { startSubgraphServer } from './startSubgraphServer';

// A subgraph that cannot listen must not leave its store's pool open (the process would hang on it).
describe('startSubgraphServer', () => {
  const options = () => {
    const closed: string[] = [];
    return {
      closed,
      apollo: new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', stopOnTerminationSignals: false }),
      store: { close: async () => void closed.push('store') },
      context: async () => ({}),
      metrics: new Registry(),
      ready: async () => ({ ready: true, detail: {} }),
      host: '127.0.0.1',
    };
  };

  it('closes the store and stops Apollo when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const start = options();
    try {
      await expect(startSubgraphServer({ ...start, port })).rejects.toThrow(/EADDRINUSE/);
      expect(start.closed).toEqual(['store']);
      await expect(start.apollo.executeOperation({ query: '{ ok }' })).rejects.toThrow(/stopped/);
    } finally {
      blocker.close();
    }
  });

  it('serves, then closes the server, Apollo and the store', async () => {
    const start = options();
    const running = await startSubgraphServer({ ...start, port: 0 });
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ok }' }),
    });
    expect(await response.json()).toEqual({ data: { ok: null } });
    await running.close();
    expect(start.closed).toEqual(['store']);
    await expect(fetch(running.url)).rejects.toThrow();
  });
});
