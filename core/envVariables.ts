/**
 * Every environment variable the project reads, in one place. Entry points read them once (see
 * cli/readCliEnv.ts); the README's table and docker-compose.yml are checked against this list by
 * test/dockerCompose.test.ts and test/readme.test.ts.
 */
export interface EnvVariable {
  readonly name: string;
  readonly description: string;
  readonly default: string;
  /** Whether a containerised deployment (docker-compose.yml) must set it for the app services. */
  readonly deployment: boolean;
}

export const ENV_VARIABLES: readonly EnvVariable[] = [
  {
    name: 'DATABASE_URL',
    description: 'cloud PostgreSQL (postgres://user:pass@host:5432/db)',
    default: 'embedded PostgreSQL in the data dir',
    deployment: true,
  },
  {
    name: 'MSSQL_URL',
    description: 'UH SQL Server (mssql://user:pass@host:1433/uhtlive?encrypt=false)',
    default: 'the UH simulator',
    deployment: true,
  },
  {
    name: 'HOUSING_DATA_DIR',
    description: 'data dir for the embedded stores and runtime.json',
    default: '.data',
    deployment: false,
  },
  {
    name: 'UH_TIMEOUT_MS',
    description: 'end-to-end limit for one UH request (connection included), in milliseconds',
    default: '5000',
    deployment: true,
  },
  {
    name: 'UH_LATENCY_MS',
    description:
      "what the VPN does: delay added each way to every byte on the UH simulator's socket, in ms (`--uh-latency`)",
    default: '0',
    deployment: false,
  },
  {
    name: 'UH_LOSS_PERCENT',
    description:
      "what the VPN does: percent of segments on the UH simulator's socket lost and retransmitted 200 ms later (`--uh-loss`)",
    default: '0',
    deployment: false,
  },
  { name: 'PORT', description: 'gateway HTTP port', default: '4000', deployment: true },
  {
    name: 'LEGACY_SUBGRAPH_URL',
    description: 'gateway: the legacy subgraph endpoint',
    default: "the stack on the data dir (runtime.json), else the supergraph's join__graph(url:)",
    deployment: true,
  },
  {
    name: 'CLOUD_SUBGRAPH_URL',
    description: 'gateway: the cloud subgraph endpoint',
    default: "the stack on the data dir (runtime.json), else the supergraph's join__graph(url:)",
    deployment: true,
  },
  {
    name: 'SUBGRAPH_URLS',
    description:
      "gateway: subgraph endpoints by the supergraph's names, `name=url,name=url`; overrides its join__graph(url:)",
    default: "LEGACY_SUBGRAPH_URL / CLOUD_SUBGRAPH_URL, the stack, then the supergraph's URLs",
    deployment: false,
  },
  {
    name: 'GATEWAY_TIMEOUT',
    description:
      'gateway: limit for one subgraph fetch, in milliseconds; `5000,legacy=20000` sets one per subgraph',
    default: '10000',
    deployment: true,
  },
  {
    name: 'LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
    deployment: true,
  },
  {
    name: 'JWT_SECRET',
    description:
      'gateway: HS256 secret (32 bytes or more) for bearer tokens in development; not with JWKS_URL',
    default: 'housing start generates one per data dir',
    deployment: false,
  },
  {
    name: 'JWKS_URL',
    description:
      'gateway: JSON Web Key Set URL of the identity provider (RS256/ES256) in production; not with JWT_SECRET',
    default: 'none',
    deployment: false,
  },
  {
    name: 'JWT_ISSUER',
    description: "gateway: the tokens' required `iss` (your identity provider)",
    default: 'not checked',
    deployment: false,
  },
  {
    name: 'JWT_AUDIENCE',
    description: "gateway: the tokens' required `aud` (this API); required with JWKS_URL in production",
    default: 'not checked',
    deployment: false,
  },
  {
    name: 'SUBGRAPH_SECRET',
    description: 'shared secret (16 characters or more) the gateway sends and the subgraphs require',
    default: 'none: subgraphs accept anyone (refused when NODE_ENV=production)',
    deployment: false,
  },
  {
    name: 'NODE_ENV',
    description: 'production makes missing security settings an error instead of a warning',
    default: 'development',
    deployment: false,
  },
  {
    name: 'HOUSING_GATE_THRESHOLDS',
    description:
      'a JSON file overriding gate, rollback and automatic guard thresholds (README: Moving an entity); `--thresholds` wins',
    default: 'the defaults in migration/gates/gateThresholds.ts',
    deployment: false,
  },
  {
    name: 'HOUSING_AUTO_GUARD',
    description: '`off` turns the automatic guard off in the gateway (`--no-auto-guard` does too); `on`',
    default: 'on',
    deployment: false,
  },
  {
    name: 'HOUSING_SYNC_CRASH_AT',
    description:
      'tests only: `housing sync run` kills itself (SIGKILL) at a named step, `<point>:<n>[,...]` (fault tests)',
    default: 'unset',
    deployment: false,
  },
  {
    name: 'TEST_DATABASE_URL',
    description: 'tests: PostgreSQL server to create test databases on',
    default: '127.0.0.1:5432 if it answers, else embedded',
    deployment: false,
  },
];
