import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateGatewayConfig, type GatewayConfig } from '../gateway/config/GatewayConfig';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../gateway/limits/checkOperationLimits';
import { ConfigError } from '../core/ConfigError';
import type { CliEnv } from './readCliEnv';
import { resolveGateThresholds } from './resolveGateThresholds';
import type { SubgraphTimeouts } from '../core/parseSubgraphTimeouts';
import {
  loadSupergraph,
  SupergraphLoadError,
  type SupergraphSubgraph,
} from '../gateway/supergraph/loadSupergraph';
import { resolveSubgraphUrls, type SubgraphRoute, type SubgraphUrlSetting } from './resolveSubgraphUrls';

/** The committed supergraph: what the gateway serves unless told otherwise. */
export const DEFAULT_SUPERGRAPH_PATH = join(__dirname, '..', 'schema', 'supergraph.graphql');

export interface GatewayCliOptions {
  readonly port: number;
  readonly host: string;
  readonly supergraph: string;
  /** Subgraph URLs that override the supergraph's own, highest precedence first. */
  readonly subgraphUrls: readonly SubgraphUrlSetting[];
  /** The PostgreSQL holding the migration phases; absent = every override label off. */
  readonly databaseUrl?: string;
  readonly jwtSecret?: string;
  readonly subgraphSecret?: string;
  readonly timeouts?: SubgraphTimeouts;
  readonly debugRouting?: boolean;
  /** Percent (0–100) of reads touching a SHADOW entity compared against cloud. */
  readonly shadowSamplePercent?: number;
  readonly limits?: Partial<OperationLimits>;
  readonly maxBodyBytes?: number;
  /** false: no automatic guard in this gateway (--no-auto-guard); default HOUSING_AUTO_GUARD. */
  readonly autoGuard?: boolean;
  /** --thresholds <file>; default HOUSING_GATE_THRESHOLDS, else the defaults. */
  readonly thresholdsFile?: string;
}

export interface BuiltGatewayConfig {
  readonly config: GatewayConfig;
  /** Where each subgraph's fetches go and which setting said so (printed at start). */
  readonly routes: readonly SubgraphRoute[];
}

/**
 * The gateway's config from the CLI's environment and options (flags win over the environment). The
 * supergraph is read here so that a file that is not a supergraph, or a URL for a subgraph it does not
 * have, stops the command with what was expected before anything starts.
 */
export function buildGatewayConfig(env: CliEnv, options: GatewayCliOptions): BuiltGatewayConfig {
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
  let subgraphs: readonly SupergraphSubgraph[];
  try {
    subgraphs = loadSupergraph(supergraphSdl).subgraphs;
  } catch (error) {
    if (!(error instanceof SupergraphLoadError)) throw error;
    throw new ConfigError(
      '--supergraph',
      'a Federation 2 supergraph composed by @apollo/composition (housing schema compose, rover supergraph compose)',
      `${options.supergraph}, ${error.message}`,
    );
  }
  const routes = resolveSubgraphUrls(subgraphs, options.subgraphUrls);
  const config = validateGatewayConfig({
    port: options.port,
    host: options.host,
    supergraphSdl,
    supergraphSource: options.supergraph,
    supergraphPath: options.supergraph,
    subgraphUrls: Object.fromEntries(routes.map((route) => [route.name, route.url])),
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
    autoGuard: options.autoGuard ?? env.autoGuard,
    gateThresholds: resolveGateThresholds(env, options.thresholdsFile),
    production: env.production,
  });
  return { config, routes };
}
