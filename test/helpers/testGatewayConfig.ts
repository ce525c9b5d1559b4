import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateGatewayConfig, type GatewayConfig } from '../../gateway/config/GatewayConfig';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/checkOperationLimits';

const SUPERGRAPH_SDL = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');

/**
 * A validated gateway config for tests: loopback on any port, the committed supergraph, default limits, no
 * shadow reads, no debug routing; each test gives what it is about (subgraph URLs, secrets, database...).
 */
export function testGatewayConfig(
  given: Partial<GatewayConfig> & Pick<GatewayConfig, 'subgraphUrls' | 'jwtSecret'>,
): GatewayConfig {
  return validateGatewayConfig({
    port: 0,
    host: '127.0.0.1',
    supergraphSdl: SUPERGRAPH_SDL,
    supergraphSource: 'schema/supergraph.graphql',
    timeouts: { defaultMs: 5000, bySubgraph: {} },
    limits: DEFAULT_OPERATION_LIMITS,
    maxBodyBytes: 100_000,
    shadowSampleRate: 0,
    shadowQueueSize: 10,
    shadowConcurrency: 1,
    debugRouting: false,
    phaseIntervalMs: 1000,
    production: false,
    ...given,
  });
}
