import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../core/createLogger';
import { parseChoice, parseNumberInRange, parsePositiveInt, parseUrl, parsePort } from '../core/parseSetting';
import { ConfigError } from '../core/ConfigError';
import { parseSubgraphTimeouts, type SubgraphTimeouts } from '../core/parseSubgraphTimeouts';
import { parseMssqlUrl, type MssqlConnectionConfig } from '../core/parseMssqlUrl';
import { parseCrashPoints } from '../sync/worker/crashPoint';
import { parseSubgraphUrls, type SubgraphUrl } from '../core/parseSubgraphUrls';

/**
 * The CLI's view of the environment, read once at the entry point, validated and frozen.
 * Commands get it as an argument; nothing below the CLI reads process.env.
 */
export interface CliEnv {
  /** PostgreSQL (cloud store); absent = embedded PostgreSQL in the data dir. */
  readonly databaseUrl?: string;
  /** SQL Server (UH); absent = the UH simulator. */
  readonly mssqlUrl?: string;
  readonly mssql?: MssqlConnectionConfig;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly port: number;
  /** End-to-end limit for one UH request, in milliseconds. */
  readonly uhTimeoutMs: number;
  /** What the VPN does to UH's socket: delay each way (ms) and percent of segments retransmitted. */
  readonly uhLatencyMs: number;
  readonly uhLossPercent: number;
  /** HS256 secret for bearer tokens (development); the gateway takes this or jwksUrl, not both. */
  readonly jwtSecret?: string;
  /** The identity provider's JSON Web Key Set (production). */
  readonly jwksUrl?: string;
  /** Claims a token must carry: `iss` and `aud` (checked when set). */
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  /** Shared secret between the gateway and the subgraphs (header x-housing-gateway-secret). */
  readonly subgraphSecret?: string;
  /** The gateway's subgraph endpoints; absent = the stack's, from runtime.json. */
  readonly legacySubgraphUrl?: string;
  readonly cloudSubgraphUrl?: string;
  /** SUBGRAPH_URLS: endpoints by the supergraph's subgraph names (any supergraph, any subgraphs). */
  readonly subgraphUrls: readonly SubgraphUrl[];
  /** GATEWAY_TIMEOUT: limit for one subgraph fetch, in milliseconds, with overrides per subgraph. */
  readonly gatewayTimeouts: SubgraphTimeouts;
  /** NODE_ENV=production: missing security settings stop a service instead of warning. */
  readonly production: boolean;
  /** HOUSING_GATE_THRESHOLDS: a JSON file of gate thresholds (read by the commands that judge gates). */
  readonly gateThresholdsFile?: string;
  /** HOUSING_AUTO_GUARD: the gateway's automatic guard (on unless `off`). */
  readonly autoGuard: boolean;
  /** HOUSING_SYNC_CRASH_AT (fault tests): where `housing sync run` kills itself. */
  readonly syncCrashAt?: ReadonlyMap<string, number>;
}

export function readCliEnv(env: NodeJS.ProcessEnv, cwd: string): CliEnv {
  const databaseUrl = parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])?.toString();
  const mssqlUrl = env.MSSQL_URL === undefined || env.MSSQL_URL === '' ? undefined : env.MSSQL_URL;
  return Object.freeze({
    databaseUrl,
    mssqlUrl,
    mssql: mssqlUrl === undefined ? undefined : parseMssqlUrl('MSSQL_URL', mssqlUrl),
    dataDir: resolve(cwd, env.HOUSING_DATA_DIR || '.data'),
    logLevel: parseChoice('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, 'info'),
    port: parsePort('PORT', env.PORT, 4000),
    uhTimeoutMs: parsePositiveInt('UH_TIMEOUT_MS', env.UH_TIMEOUT_MS, 5000),
    uhLatencyMs: parseNumberInRange('UH_LATENCY_MS', env.UH_LATENCY_MS, 10_000, 0),
    uhLossPercent: parseNumberInRange('UH_LOSS_PERCENT', env.UH_LOSS_PERCENT, 100, 0),
    // The JWT_SECRET length is checked where the verifier is built (gateway/auth/createTokenVerifier.ts).
    jwtSecret: env.JWT_SECRET === '' ? undefined : env.JWT_SECRET,
    jwksUrl: parseUrl('JWKS_URL', env.JWKS_URL, ['https:', 'http:'])?.toString(),
    jwtIssuer: env.JWT_ISSUER === '' ? undefined : env.JWT_ISSUER,
    jwtAudience: env.JWT_AUDIENCE === '' ? undefined : env.JWT_AUDIENCE,
    subgraphSecret: parseSecret('SUBGRAPH_SECRET', env.SUBGRAPH_SECRET, 16),
    production: env.NODE_ENV === 'production',
    legacySubgraphUrl: parseUrl('LEGACY_SUBGRAPH_URL', env.LEGACY_SUBGRAPH_URL, [
      'http:',
      'https:',
    ])?.toString(),
    cloudSubgraphUrl: parseUrl('CLOUD_SUBGRAPH_URL', env.CLOUD_SUBGRAPH_URL, ['http:', 'https:'])?.toString(),
    subgraphUrls: parseSubgraphUrls('SUBGRAPH_URLS', env.SUBGRAPH_URLS),
    gatewayTimeouts: parseSubgraphTimeouts('GATEWAY_TIMEOUT', env.GATEWAY_TIMEOUT, 10_000),
    syncCrashAt: parseCrashPointSetting(env.HOUSING_SYNC_CRASH_AT),
    gateThresholdsFile:
      env.HOUSING_GATE_THRESHOLDS === undefined || env.HOUSING_GATE_THRESHOLDS.trim() === ''
        ? undefined
        : resolve(cwd, env.HOUSING_GATE_THRESHOLDS),
    autoGuard:
      parseChoice('HOUSING_AUTO_GUARD', env.HOUSING_AUTO_GUARD, ['on', 'off'] as const, 'on') === 'on',
  });
}

function parseCrashPointSetting(raw: string | undefined): ReadonlyMap<string, number> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return parseCrashPoints(raw);
  } catch {
    throw new ConfigError(
      'HOUSING_SYNC_CRASH_AT',
      '<point>:<n>[,<point>:<n>...] with n from 1 (e.g. forward.afterUpsert:3)',
      raw,
    );
  }
}

/** An optional secret of at least `minLength` characters; the message gives its length, never its value. */
function parseSecret(setting: string, raw: string | undefined, minLength: number): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength)
    throw new ConfigError(
      setting,
      `a secret of at least ${minLength} characters`,
      `${raw.length} characters`,
    );
  return raw;
}
