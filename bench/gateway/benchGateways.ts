import { join } from 'node:path';
import type { GatewayLaunch } from './GatewayProcess';

/**
 * The gateways the bench compares, each started as `node <script>` serving in that one process (no
 * cluster, no wrapper), so /proc/<pid>/stat is the serving process's CPU:
 * - ours: `housing gateway` with every feature on (auth, limits, metrics, label routing from the
 *   migration tables of DATABASE_URL);
 * - apollo: @apollo/gateway as shipped (bench/gateway/apolloGatewayServer.ts), its telemetry off;
 * - hive / hive-rust: Hive Gateway's CLI with its defaults, `--fork 1` (its default; a value above 1 would
 *   start a cluster of workers) and no token, CDN or telemetry option, so it talks to nothing but the
 *   subgraphs; hive-rust adds `--hive-router-runtime` (the Rust query planner). Its config file only
 *   sends the subgraphs' shared secret.
 * The peers get the supergraph without requiresScopes (see rewriteSupergraph.ts).
 */
export type GatewayName = 'ours' | 'apollo' | 'hive' | 'hive-rust';

export const GATEWAY_NAMES: readonly GatewayName[] = ['ours', 'apollo', 'hive', 'hive-rust'];

export interface GatewayRunSetup {
  readonly root: string;
  readonly port: number;
  /** The supergraph with requiresScopes, subgraph URLs set for this run (ours). */
  readonly supergraphFile: string;
  /** The same without requiresScopes (the peers). */
  readonly strippedSupergraphFile: string;
  readonly legacyUrl: string;
  readonly cloudUrl: string;
  readonly databaseUrl: string;
  readonly jwtSecret: string;
  readonly subgraphSecret: string;
  /**
   * The subgraphs demand the gateway's shared secret: a file holding it (apollo reads it) and a Hive
   * config file that adds it to every subgraph request (the only configuration the peers get).
   */
  readonly peerSecret: { readonly secretFile: string; readonly hiveConfigFile: string };
  /** A directory for the Hive processes to run in (Hive looks for gateway.config.* in its cwd). */
  readonly hiveCwd: string;
  /** A bearer token with every scope (readiness probes of gateways that need one). */
  readonly token: string;
}

export function gatewayLaunch(name: GatewayName, setup: GatewayRunSetup): GatewayLaunch {
  const port = String(setup.port);
  // Installed with the other bench-only packages in bench/node_modules (bench/package.json).
  const hiveBin = join(setup.root, 'bench', 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.cjs');
  const hiveArgs = [
    hiveBin,
    'supergraph',
    setup.strippedSupergraphFile,
    '--port',
    port,
    '--host',
    '127.0.0.1',
    '--fork',
    '1',
    '--config-path',
    setup.peerSecret.hiveConfigFile,
  ];
  switch (name) {
    case 'ours':
      return {
        cwd: setup.root,
        nodeArgs: [
          // As deployed (Dockerfile, npm start): a larger young generation for a per-request allocator.
          '--max-semi-space-size=32',
          join(setup.root, 'bin', 'housing.cjs'),
          'gateway',
          '--port',
          port,
          '--host',
          '127.0.0.1',
          '--supergraph',
          setup.supergraphFile,
          '--legacy-url',
          setup.legacyUrl,
          '--cloud-url',
          setup.cloudUrl,
        ],
        env: {
          DATABASE_URL: setup.databaseUrl,
          JWT_SECRET: setup.jwtSecret,
          SUBGRAPH_SECRET: setup.subgraphSecret,
          LOG_LEVEL: 'warn',
        },
        ready: async (baseUrl) => (await fetch(`${baseUrl}/readyz`)).status === 200,
      };
    case 'apollo':
      return {
        cwd: setup.root,
        nodeArgs: [
          '--require',
          'tsx/cjs',
          join(setup.root, 'bench', 'gateway', 'apolloGatewayServer.ts'),
          setup.strippedSupergraphFile,
          port,
          setup.peerSecret.secretFile,
        ],
        // As shipped, @apollo/gateway probes cloud metadata endpoints (169.254.169.254) and exports usage
        // metrics to Apollo over OTLP: off, so it talks to nothing but the subgraphs, like the others.
        env: { APOLLO_TELEMETRY_DISABLED: 'true' },
        ready: (baseUrl) => answersTypename(`${baseUrl}/graphql`, setup.token),
      };
    case 'hive':
      return {
        cwd: setup.root,
        nodeArgs: hiveArgs,
        env: {},
        ready: (baseUrl) => hiveReady(baseUrl, setup.token),
      };
    case 'hive-rust':
      return {
        cwd: setup.hiveCwd,
        nodeArgs: [...hiveArgs, '--hive-router-runtime'],
        env: {},
        ready: (baseUrl) => hiveReady(baseUrl, setup.token),
      };
  }
}

async function hiveReady(baseUrl: string, token: string): Promise<boolean> {
  return (await fetch(`${baseUrl}/readiness`)).status === 200 && answersTypename(`${baseUrl}/graphql`, token);
}

async function answersTypename(url: string, token: string): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return response.status === 200;
}

/** Hive Gateway's config (CommonJS) that sends the shared secret header to every subgraph. */
export function hiveSecretConfig(secret: string): string {
  return `module.exports.gatewayConfig = {
  propagateHeaders: { fromClientToSubgraphs: () => ({ 'x-housing-gateway-secret': ${JSON.stringify(secret)} }) },
};
`;
}
