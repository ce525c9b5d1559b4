import type { BaseContext } from '@apollo/server';
import { serveSubgraph, type RunningSubgraph, type SubgraphHttpOptions } from './serveSubgraph';

/**
 * Starts a subgraph's Apollo Server and serves it over HTTP, owning the store from then on: close() stops
 * the server, then Apollo, then the store; a start that fails half-way (the port taken, say) releases
 * what it had opened before rethrowing, so a store's pool never outlives a subgraph that never ran.
 */
export async function startSubgraphServer<C extends BaseContext>(
  options: SubgraphHttpOptions<C> & { readonly store: { close(): Promise<void> } },
): Promise<RunningSubgraph> {
  const { store, ...http } = options;
  let running: RunningSubgraph;
  try {
    await http.apollo.start();
    running = await serveSubgraph(http);
  } catch (error) {
    await http.apollo.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  return {
    ...running,
    close: async () => {
      await running.close();
      await http.apollo.stop();
      await store.close();
    },
  };
}
