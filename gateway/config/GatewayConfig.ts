import { ConfigError } from '../../core/ConfigError';
import type { SubgraphTimeouts } from '../../core/parseSubgraphTimeouts';
import type { OperationLimits } from '../limits/checkOperationLimits';
import type { GateThresholds } from '../../migration/gates/gateThresholds';

/**
 * Everything the gateway needs, read once by its entry point (cli/commands/gateway.ts or housing start),
 * validated and frozen. Nothing under gateway/ reads process.env.
 */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** The supergraph SDL (schema/supergraph.graphql unless told otherwise) and where it came from. */
  readonly supergraphSdl: string;
  readonly supergraphSource: string;
  /** When the supergraph came from a file: watched, and reloaded live when it changes. */
  readonly supergraphPath?: string;
  /**
   * Subgraph name (as the supergraph names it) -> GraphQL endpoint URL. A subgraph not listed is reached
   * at the supergraph's own `@join__graph(url:)`; a name the supergraph does not have is refused.
   */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** GATEWAY_TIMEOUT: whole-exchange limit for one subgraph fetch, in milliseconds, by subgraph. */
  readonly timeouts: SubgraphTimeouts;
  /** SUBGRAPH_SECRET: sent to the subgraphs, which accept calls only with it. */
  readonly subgraphSecret?: string;
  readonly jwtSecret?: string;
  readonly jwksUrl?: string;
  /** Required `iss` and `aud` of tokens, when set. */
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  /**
   * The cloud PostgreSQL holding migration.entity_phase (phases) and migration.shadow_mismatch. Absent:
   * no phases to read, so every override label stays off (each field served by the subgraph it is
   * overridden from, as @apollo/gateway serves it) and nothing is shadowed.
   */
  readonly databaseUrl?: string;
  readonly limits: OperationLimits;
  readonly maxBodyBytes: number;
  /** Fraction (0–1) of reads touching a SHADOW entity that are also run against cloud and compared. */
  readonly shadowSampleRate: number;
  readonly shadowQueueSize: number;
  readonly shadowConcurrency: number;
  /** Add extensions.routing to responses: refused in production. */
  readonly debugRouting: boolean;
  readonly phaseIntervalMs: number;
  /** How often per-entity request and shadow counts are added to migration.entity_traffic (default 5,000 ms). */
  readonly trafficFlushMs?: number;
  /**
   * The automatic guard (migration/AutoGuard) in this gateway: on unless false (HOUSING_AUTO_GUARD=off,
   * --no-auto-guard). It needs databaseUrl; one replica acts at a time.
   */
  readonly autoGuard?: boolean;
  /** How often the guard judges (default 10,000 ms). */
  readonly guardIntervalMs?: number;
  /** The gates' and the guard's thresholds (HOUSING_GATE_THRESHOLDS); default DEFAULT_GATE_THRESHOLDS. */
  readonly gateThresholds?: GateThresholds;
  readonly production: boolean;
}

/** The checks that depend on more than one setting; each message says what was expected. */
export function validateGatewayConfig(config: GatewayConfig): GatewayConfig {
  if ((config.jwtSecret === undefined) === (config.jwksUrl === undefined))
    throw new ConfigError(
      'JWT_SECRET / JWKS_URL',
      'exactly one of them (JWT_SECRET for development tokens, JWKS_URL for the identity provider)',
      config.jwtSecret === undefined ? 'neither' : 'both',
    );
  if (config.production) {
    if (config.debugRouting)
      throw new ConfigError('--debug-routing', 'off in production (NODE_ENV=production)', 'on');
    if (config.jwksUrl === undefined)
      throw new ConfigError('JWKS_URL', 'the identity provider key set in production', 'not set');
    // An identity provider signs tokens for many applications: without an audience check, a token meant
    // for any of them would be accepted here.
    if (config.jwtAudience === undefined)
      throw new ConfigError('JWT_AUDIENCE', "this API's audience in production (the tokens' aud)", 'not set');
    if (config.subgraphSecret === undefined)
      throw new ConfigError(
        'SUBGRAPH_SECRET',
        'a shared secret in production, so subgraphs accept calls only from the gateway',
        'not set',
      );
  }
  if (!(config.shadowSampleRate >= 0 && config.shadowSampleRate <= 1))
    throw new ConfigError(
      '--shadow-sample',
      'a percentage from 0 to 100',
      String(config.shadowSampleRate * 100),
    );
  for (const [name, url] of Object.entries(config.subgraphUrls)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(
        `subgraph ${name} URL`,
        'an http(s) URL such as http://127.0.0.1:4001/graphql',
        url,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new ConfigError(`subgraph ${name} URL`, 'an http(s) URL', url);
  }
  return Object.freeze({ ...config, subgraphUrls: Object.freeze({ ...config.subgraphUrls }) });
}
