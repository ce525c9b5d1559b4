import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { hostOption, pathOption, portOption, positiveIntOption } from '../options';
import { resolveCloudUrl, resolveUhConfig } from '../resolveTargets';
import { startLegacySubgraph } from '../../subgraphs/legacy/startLegacySubgraph';
import { startCloudSubgraph } from '../../subgraphs/cloud/startCloudSubgraph';
import { createLogger } from '../../core/createLogger';

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
      const { config } = resolveUhConfig(env, opts.dataDir);
      const running = await startLegacySubgraph({
        uh: config,
        port: opts.port,
        host: opts.host,
        uhTimeoutMs: opts.uhTimeout,
        logger,
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
      const running = await startCloudSubgraph({
        databaseUrl: resolveCloudUrl(env, opts.dataDir),
        port: opts.port,
        host: opts.host,
        logger,
      });
      await serveUntilStopped('cloud', running);
    });
}

async function serveUntilStopped(
  name: string,
  running: { url: string; close(): Promise<void> },
): Promise<void> {
  process.stdout.write(`${name} subgraph listening on ${running.url} (/healthz, /readyz, /metrics)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void running.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
