import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { hostOption, pathOption, portOption, positiveIntOption } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { readRuntime } from '../../core/runtimeFile';
import { createLogger } from '../../core/createLogger';
import { startGateway } from '../../gateway/startGateway';
import { buildGatewayConfig, DEFAULT_SUPERGRAPH_PATH } from '../buildGatewayConfig';
import { CliError } from '../CliError';
import { parseSubgraphTimeouts, type SubgraphTimeouts } from '../../core/parseSubgraphTimeouts';

function percentOption(value: string): number {
  const percent = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || percent > 100)
    throw new InvalidArgumentError(`expected a percentage from 0 to 100, got "${value}"`);
  return percent;
}

/** `housing gateway`: the gateway alone, in the foreground, over running subgraphs. */
export function registerGateway(program: Command, env: CliEnv): void {
  program
    .command('gateway')
    .description(
      'the GraphQL gateway over the legacy and cloud subgraphs (LEGACY_SUBGRAPH_URL / CLOUD_SUBGRAPH_URL, else the stack on --data-dir)',
    )
    .option('--port <port>', 'HTTP port (or PORT; 0 = any free port)', portOption, env.port)
    .option('--host <address>', 'interface to listen on (0.0.0.0 in a container)', hostOption, '127.0.0.1')
    .option('--supergraph <file>', 'supergraph SDL to serve', pathOption, DEFAULT_SUPERGRAPH_PATH)
    .option('--legacy-url <url>', 'legacy subgraph endpoint (or LEGACY_SUBGRAPH_URL)')
    .option('--cloud-url <url>', 'cloud subgraph endpoint (or CLOUD_SUBGRAPH_URL)')
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
    .action(
      async (opts: {
        port: number;
        host: string;
        supergraph: string;
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
      }) => {
        const runtime = readRuntime(opts.dataDir);
        const legacyUrl = opts.legacyUrl ?? env.legacySubgraphUrl ?? runtime?.services['legacy subgraph'];
        const cloudUrl = opts.cloudUrl ?? env.cloudSubgraphUrl ?? runtime?.services['cloud subgraph'];
        if (legacyUrl === undefined || cloudUrl === undefined)
          throw new CliError(
            `no ${legacyUrl === undefined ? 'legacy' : 'cloud'} subgraph to route to: set LEGACY_SUBGRAPH_URL and CLOUD_SUBGRAPH_URL (or --legacy-url / --cloud-url), or start the stack first (housing start --data-dir ${opts.dataDir})`,
          );
        const config = buildGatewayConfig(env, {
          port: opts.port,
          host: opts.host,
          supergraph: opts.supergraph,
          legacyUrl,
          cloudUrl,
          databaseUrl: resolveCloudUrl(env, opts.dataDir),
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
        });
        const logger = createLogger(env.logLevel, 'gateway');
        const running = await startGateway(config, logger);
        const stopped = new Promise<void>((resolve) => {
          const stop = () => void running.close().then(resolve, resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        // Announced only once Ctrl-C is handled: a supervisor may signal as soon as it reads this line.
        process.stdout.write(
          `gateway listening on ${running.url} (explorer http://${config.host}:${running.port}/, /healthz, /readyz, /metrics)\n`,
        );
        await stopped;
      },
    );
}
