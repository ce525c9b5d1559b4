import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption, portOption, positiveIntOption } from '../options';
import { resolveCloudUrl, resolveUhConfig } from '../resolveTargets';
import { startCloudSubgraph } from '../../subgraphs/cloud/startCloudSubgraph';
import { startLegacySubgraph } from '../../subgraphs/legacy/startLegacySubgraph';
import { createLogger } from '../../core/createLogger';

export function registerSubgraph(program: Command, env: CliEnv): void {
  const subgraph = program.command('subgraph').description('run one subgraph alone');

  subgraph
    .command('legacy')
    .description('the Federation 2 subgraph over UH (MSSQL_URL, else the stack on --data-dir)')
    .option('--port <port>', 'HTTP port (0 = any free port)', portOption, 4001)
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
    .action(async (opts: { port: number; dataDir: string; uhTimeout: number }) => {
      const logger = createLogger(env.logLevel, 'legacy-subgraph');
      const { config } = resolveUhConfig(env, opts.dataDir);
      const running = await startLegacySubgraph({
        uh: config,
        port: opts.port,
        uhTimeoutMs: opts.uhTimeout,
        logger,
      });
      process.stdout.write(`legacy subgraph listening on ${running.url} (/healthz, /readyz, /metrics)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  subgraph
    .command('cloud')
    .description(
      'the Federation 2 subgraph over the cloud PostgreSQL (DATABASE_URL, else the stack on --data-dir)',
    )
    .option('--port <port>', 'HTTP port (0 = any free port)', portOption, 4002)
    .option(
      '--data-dir <dir>',
      'the stack whose PostgreSQL to use when DATABASE_URL is not set',
      pathOption,
      env.dataDir,
    )
    .action(async (opts: { port: number; dataDir: string }) => {
      const logger = createLogger(env.logLevel, 'cloud-subgraph');
      const running = await startCloudSubgraph({
        databaseUrl: resolveCloudUrl(env, opts.dataDir),
        port: opts.port,
        logger,
      });
      process.stdout.write(`cloud subgraph listening on ${running.url} (/healthz, /readyz, /metrics)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
