import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateGatewayConfig, type GatewayConfig } from '../gateway/config/GatewayConfig';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../gateway/limits/checkOperationLimits';
import { ConfigError } from '../core/ConfigError';
import type { CliEnv } from './readCliEnv';
import type { SubgraphTimeouts } from '../core/parseSubgraphTimeouts';

/** The committed supergraph: what the gateway serves unless told otherwise. */
export const DEFAULT_SUPERGRAPH_PATH = join(__dirname, '..', 'schema', 'supergraph.graphql');

export interface GatewayCliOptions {
  readonly port: number;
  readonly host: string;
  readonly supergraph: string;
  readonly legacyUrl: string;
  readonly cloudUrl: string;
  readonly databaseUrl: string;
  readonly jwtSecret?: string;
  readonly subgraphSecret?: string;
  readonly timeouts?: SubgraphTimeouts;
  readonly debugRouting?: boolean;
  /** Percent (0–100) of reads touching a SHADOW entity compared against cloud. */
  readonly shadowSamplePercent?: number;
  readonly limits?: Partial<OperationLimits>;
  readonly maxBodyBytes?: number;
}

/** The gateway's config from the CLI's environment and options (flags win over the environment). */
export function buildGatewayConfig(env: CliEnv, options: GatewayCliOptions): GatewayConfig {
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(options.supergraph, 'utf8');
  } catch (error) {
    throw new ConfigError(
      '--supergraph',
      'a readable supergraph SDL file (schema/supergraph.graphql, from housing schema compose)',
      `${options.supergraph} (${(error as Error).message})`,
    );
  }
  return validateGatewayConfig({
    port: options.port,
    host: options.host,
    supergraphSdl,
    supergraphSource: options.supergraph,
    supergraphPath: options.supergraph,
    subgraphUrls: { legacy: options.legacyUrl, cloud: options.cloudUrl },
    timeouts: options.timeouts ?? env.gatewayTimeouts,
    subgraphSecret: options.subgraphSecret ?? env.subgraphSecret,
    jwtSecret: options.jwtSecret ?? env.jwtSecret,
    jwksUrl: env.jwksUrl,
    jwtIssuer: env.jwtIssuer,
    jwtAudience: env.jwtAudience,
    databaseUrl: options.databaseUrl,
    limits: { ...DEFAULT_OPERATION_LIMITS, ...options.limits },
    maxBodyBytes: options.maxBodyBytes ?? 1_000_000,
    shadowSampleRate: (options.shadowSamplePercent ?? 10) / 100,
    shadowQueueSize: 100,
    shadowConcurrency: 2,
    debugRouting: options.debugRouting ?? false,
    phaseIntervalMs: 1000,
    production: env.production,
  });
}
