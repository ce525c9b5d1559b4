import { readFileSync } from 'node:fs';
import pino from 'pino';
import { parseMssqlUrl } from '../../core/parseMssqlUrl';
import { startLegacySubgraph } from '../../subgraphs/legacy/startLegacySubgraph';
import { startCloudSubgraph } from '../../subgraphs/cloud/startCloudSubgraph';
import { startGateway } from '../../gateway/startGateway';
import { validateGatewayConfig } from '../../gateway/config/GatewayConfig';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/checkOperationLimits';
import { DEFAULT_SUPERGRAPH_PATH } from '../../cli/buildGatewayConfig';

export interface BenchGraphOptions {
  readonly uhUrl: string;
  readonly cloudUrl: string;
  readonly jwtSecret: string;
}

/**
 * The two subgraphs and the gateway, as `housing start` runs them (phases from the cloud database, no shadow
 * reads), for a bench to run in a worker thread (bench/lib/startInWorker.ts): the graph then has an event
 * loop of its own, as a deployed gateway has, instead of sharing one with the bench's load generator.
 */
export async function startBenchGraph(
  options: BenchGraphOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const legacy = await startLegacySubgraph({
    uh: parseMssqlUrl('uh', options.uhUrl),
    port: 0,
    uhTimeoutMs: 10_000,
  });
  const cloud = await startCloudSubgraph({ databaseUrl: options.cloudUrl, port: 0 });
  const gateway = await startGateway(
    validateGatewayConfig({
      port: 0,
      host: '127.0.0.1',
      supergraphSdl: readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'),
      supergraphSource: 'schema/supergraph.graphql',
      subgraphUrls: { legacy: legacy.url, cloud: cloud.url },
      timeouts: { defaultMs: 10_000, bySubgraph: {} },
      jwtSecret: options.jwtSecret,
      databaseUrl: options.cloudUrl,
      limits: DEFAULT_OPERATION_LIMITS,
      maxBodyBytes: 100_000,
      shadowSampleRate: 0,
      shadowQueueSize: 10,
      shadowConcurrency: 1,
      debugRouting: false,
      phaseIntervalMs: 1000,
      production: false,
    }),
    pino({ level: 'silent' }),
  );
  return {
    url: gateway.url,
    close: async () => {
      await gateway.close();
      await cloud.close();
      await legacy.close();
    },
  };
}
