import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { hostOption, pathOption, portOption, positiveIntOption } from '../options';
import { readRuntime } from '../../core/runtimeFile';
import { createLogger } from '../../core/createLogger';
import { startGateway } from '../../gateway/startGateway';
import { buildGatewayConfig, DEFAULT_SUPERGRAPH_PATH } from '../buildGatewayConfig';
import { CliError } from '../CliError';
import { ConfigError } from '../../core/ConfigError';
import { parseSubgraphTimeouts, type SubgraphTimeouts } from '../../core/parseSubgraphTimeouts';
import { parseSubgraphUrl, type SubgraphUrl } from '../../core/parseSubgraphUrls';
import type { SubgraphUrlSetting } from '../resolveSubgraphUrls';

function percentOption(value: string): number {
  const percent = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || percent > 100)
    throw new InvalidArgumentError(`expected a percentage from 0 to 100, got "${value}"`);
  return percent;
}

/** `--subgraph-url name=url`, repeatable: each value added to the ones before, each subgraph once. */
function subgraphUrlOption(value: string, previous: readonly SubgraphUrl[]): readonly SubgraphUrl[] {
  let parsed: SubgraphUrl;
  try {
    parsed = parseSubgraphUrl('--subgraph-url', value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--subgraph-url: /, ''));
  }
  if (previous.some((url) => url.name === parsed.name))
    throw new InvalidArgumentError(`expected one URL per subgraph, got ${parsed.name} twice`);
  return [...previous, parsed];
}

/** `housing gateway`: the gateway alone, in the foreground, over running subgraphs. */
export function registerGateway(program: Command, env: CliEnv): void {
  program
    .command('gateway')
    .description(
      "the GraphQL gateway over a supergraph's subgraphs (at the supergraph's URLs unless --subgraph-url, SUBGRAPH_URLS, LEGACY_SUBGRAPH_URL / CLOUD_SUBGRAPH_URL or the stack on --data-dir say otherwise)",
    )
    .option('--port <port>', 'HTTP port (or PORT; 0 = any free port)', portOption, env.port)
    .option('--host <address>', 'interface to listen on (0.0.0.0 in a container)', hostOption, '127.0.0.1')
    .option(
      '--supergraph <file>',
      'supergraph SDL to serve (any composed by @apollo/composition)',
      pathOption,
      DEFAULT_SUPERGRAPH_PATH,
    )
    .option(
      '--subgraph-url <name=url>',
      "a subgraph's endpoint instead of the supergraph's URL (repeatable; or SUBGRAPH_URLS)",
      subgraphUrlOption,
      [],
    )
    .option('--legacy-url <url>', 'shorthand for --subgraph-url legacy=<url> (or LEGACY_SUBGRAPH_URL)')
    .option('--cloud-url <url>', 'shorthand for --subgraph-url cloud=<url> (or CLOUD_SUBGRAPH_URL)')
    .option('--data-dir <dir>', 'the stack to use for what is not set', pathOption, env.dataDir)
    .option(
      '--timeout <ms>',
      'limit for one subgraph fetch, e.g. 10000 or 5000,legacy=20000 (or GATEWAY_TIMEOUT)',
      (value: string) => {
        try {
          return parseSubgraphTimeouts('--timeout', value, 10_000);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message.replace(/^--timeout: /, ''));
        }
      },
    )
    .option('--shadow-sample <percent>', 'share of SHADOW reads compared against cloud', percentOption, 10)
    .option('--max-depth <n>', 'operation depth limit', positiveIntOption)
    .option('--max-aliases <n>', 'aliased fields limit', positiveIntOption)
    .option('--max-cost <n>', 'operation cost limit (list sizes multiplied)', positiveIntOption)
    .option('--max-body <bytes>', 'request body limit', positiveIntOption, 1_000_000)
    .option('--debug-routing', 'add extensions.routing to responses (never in production)', false)
    .option(
      '--no-auto-guard',
      'no automatic rollback of CANARY and CLOUD entities from this gateway (or HOUSING_AUTO_GUARD=off)',
    )
    .option(
      '--thresholds <file>',
      'JSON file of gate and guard thresholds (or HOUSING_GATE_THRESHOLDS)',
      pathOption,
    )
    .option('--verbose', 'print the stack trace of an unexpected failure', false)
    .action(
      async (opts: {
        port: number;
        host: string;
        supergraph: string;
        subgraphUrl: readonly SubgraphUrl[];
        legacyUrl?: string;
        cloudUrl?: string;
        dataDir: string;
        timeout?: SubgraphTimeouts;
        shadowSample: number;
        maxDepth?: number;
        maxAliases?: number;
        maxCost?: number;
        maxBody: number;
        debugRouting: boolean;
        autoGuard: boolean;
        thresholds?: string;
        verbose: boolean;
      }) => {
        const runtime = readRuntime(opts.dataDir);
        const stack = `the stack on ${opts.dataDir}`;
        const databaseUrl = env.databaseUrl ?? runtime?.postgres.url;
        const { config, routes } = buildGatewayConfig(env, {
          port: opts.port,
          host: opts.host,
          supergraph: opts.supergraph,
          subgraphUrls: subgraphUrlSettings(opts, env, runtime?.services, stack),
          databaseUrl,
          jwtSecret: env.jwtSecret ?? runtime?.jwtSecret,
          subgraphSecret: env.subgraphSecret ?? runtime?.subgraphSecret,
          timeouts: opts.timeout,
          debugRouting: opts.debugRouting,
          shadowSamplePercent: opts.shadowSample,
          limits: {
            ...(opts.maxDepth === undefined ? {} : { maxDepth: opts.maxDepth }),
            ...(opts.maxAliases === undefined ? {} : { maxAliases: opts.maxAliases }),
            ...(opts.maxCost === undefined ? {} : { maxCost: opts.maxCost }),
          },
          maxBodyBytes: opts.maxBody,
          autoGuard: opts.autoGuard && env.autoGuard,
          thresholdsFile: opts.thresholds,
        });
        const logger = createLogger(env.logLevel, 'gateway');
        for (const route of routes)
          process.stdout.write(`subgraph ${route.name}: ${route.url} (from ${route.source})\n`);
        if (databaseUrl === undefined)
          process.stdout.write(
            `no database for migration phases (DATABASE_URL, or housing start on ${opts.dataDir}): every override label is off\n`,
          );
        let running;
        try {
          running = await startGateway(config, logger);
        } catch (error) {
          // Bad settings stop with exit 2 (ConfigError); anything else here is the environment (a port
          // taken, a database refusing): one line, exit 1, the stack only when asked for.
          if (opts.verbose || error instanceof CliError || error instanceof ConfigError) throw error;
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        const stopped = new Promise<void>((resolve) => {
          const stop = () => void running.close().then(resolve, resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        // Announced only once Ctrl-C is handled: a supervisor may signal as soon as it reads this line.
        const origin = `http://${config.host}:${running.port}`;
        // The dashboard is served only with a migration database (its phases are what it shows).
        const dashboard = config.databaseUrl === undefined ? '' : `migration dashboard ${origin}/admin, `;
        process.stdout.write(
          `gateway listening on ${running.url} (explorer ${origin}/, ${dashboard}/healthz, /readyz, /metrics)\n`,
        );
        await stopped;
      },
    );
}

/**
 * Subgraph URLs other than the supergraph's, highest precedence first: --subgraph-url, the --legacy-url /
 * --cloud-url shorthands, SUBGRAPH_URLS, LEGACY_SUBGRAPH_URL / CLOUD_SUBGRAPH_URL, then the running stack's
 * subgraphs (offered, used only if the supergraph has subgraphs of those names).
 */
function subgraphUrlSettings(
  opts: { subgraphUrl: readonly SubgraphUrl[]; legacyUrl?: string; cloudUrl?: string },
  env: CliEnv,
  services: Readonly<Record<string, string>> | undefined,
  stack: string,
): SubgraphUrlSetting[] {
  const given = (setting: string, name: string, url: string | undefined): SubgraphUrlSetting[] =>
    url === undefined ? [] : [{ setting, name, url, explicit: true }];
  const offered = (name: string, url: string | undefined): SubgraphUrlSetting[] =>
    url === undefined ? [] : [{ setting: stack, name, url, explicit: false }];
  return [
    ...opts.subgraphUrl.flatMap(({ name, url }) => given('--subgraph-url', name, url)),
    ...given('--legacy-url', 'legacy', opts.legacyUrl),
    ...given('--cloud-url', 'cloud', opts.cloudUrl),
    ...env.subgraphUrls.flatMap(({ name, url }) => given('SUBGRAPH_URLS', name, url)),
    ...given('LEGACY_SUBGRAPH_URL', 'legacy', env.legacySubgraphUrl),
    ...given('CLOUD_SUBGRAPH_URL', 'cloud', env.cloudSubgraphUrl),
    ...offered('legacy', services?.['legacy subgraph']),
    ...offered('cloud', services?.['cloud subgraph']),
  ];
}
