import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { hostOption, pathOption, portOption, positiveIntOption } from '../options';
import { resolveCloudUrl, resolveUhConfig } from '../resolveTargets';
import { startLegacySubgraph } from '../../subgraphs/legacy/startLegacySubgraph';
import { startCloudSubgraph } from '../../subgraphs/cloud/startCloudSubgraph';
import { createLogger, type Logger } from '../../core/createLogger';
import { CliError } from '../CliError';
import { GATEWAY_SECRET_HEADER } from '../../core/gatewaySecretHeader';

/** `housing subgraph legacy|cloud`: one subgraph alone, in the foreground, until Ctrl-C. */
export function registerSubgraph(program: Command, env: CliEnv): void {
  const subgraph = program.command('subgraph').description('run one subgraph alone');

  subgraph
    .command('legacy')
    .description('the Federation 2 subgraph over UH (MSSQL_URL, else the stack on --data-dir)')
    .option('--port <port>', 'HTTP port (0 = any free port)', portOption, 4001)
    .option('--host <address>', 'interface to listen on (0.0.0.0 in a container)', hostOption, '127.0.0.1')
    .option(
      '--data-dir <dir>',
      'the stack whose UH to use when MSSQL_URL is not set',
      pathOption,
      env.dataDir,
    )
    .option(
      '--uh-timeout <ms>',
      'end-to-end limit for one UH request (or UH_TIMEOUT_MS)',
      positiveIntOption,
      env.uhTimeoutMs,
    )
    .action(async (opts: { port: number; host: string; dataDir: string; uhTimeout: number }) => {
      const logger = createLogger(env.logLevel, 'legacy-subgraph');
      const gatewaySecret = requireGatewaySecret(env, logger);
      const { config } = resolveUhConfig(env, opts.dataDir);
      const running = await startLegacySubgraph({
        uh: config,
        port: opts.port,
        host: opts.host,
        uhTimeoutMs: opts.uhTimeout,
        logger,
        gatewaySecret,
      });
      await serveUntilStopped('legacy', running);
    });

  subgraph
    .command('cloud')
    .description(
      'the Federation 2 subgraph over the cloud PostgreSQL (DATABASE_URL, else the stack on --data-dir)',
    )
    .option('--port <port>', 'HTTP port (0 = any free port)', portOption, 4002)
    .option('--host <address>', 'interface to listen on (0.0.0.0 in a container)', hostOption, '127.0.0.1')
    .option(
      '--data-dir <dir>',
      'the stack whose PostgreSQL to use when DATABASE_URL is not set',
      pathOption,
      env.dataDir,
    )
    .action(async (opts: { port: number; host: string; dataDir: string }) => {
      const logger = createLogger(env.logLevel, 'cloud-subgraph');
      const gatewaySecret = requireGatewaySecret(env, logger);
      const running = await startCloudSubgraph({
        databaseUrl: resolveCloudUrl(env, opts.dataDir),
        port: opts.port,
        host: opts.host,
        logger,
        gatewaySecret,
      });
      await serveUntilStopped('cloud', running);
    });
}

/**
 * SUBGRAPH_SECRET, which the gateway sends with every call. Without it a subgraph serves anyone who can
 * reach it, bypassing the gateway's tokens and field scopes: refused in production, a warning elsewhere.
 */
function requireGatewaySecret(env: CliEnv, logger: Logger): string | undefined {
  if (env.subgraphSecret !== undefined) return env.subgraphSecret;
  if (env.production)
    throw new CliError(
      `SUBGRAPH_SECRET is not set and NODE_ENV=production: expected a shared secret of 16 characters or more, the same as the gateway's (it sends it in ${GATEWAY_SECRET_HEADER}); without it this subgraph would serve anyone, bypassing the gateway's tokens and scopes`,
      2,
    );
  logger.warn(
    `SUBGRAPH_SECRET is not set: this subgraph accepts calls from anyone who can reach it, not only the gateway`,
  );
  return undefined;
}

async function serveUntilStopped(
  name: string,
  running: { url: string; close(): Promise<void> },
): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = () => void running.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Announce only once Ctrl-C is handled: a supervisor (or test) that signals as soon as it reads this
    // line otherwise kills the process with the default action, before it stops cleanly.
    process.stdout.write(`${name} subgraph listening on ${running.url} (/healthz, /readyz, /metrics)\n`);
  });
}
