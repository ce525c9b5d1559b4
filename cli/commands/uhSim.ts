import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption, portOption, scaleOption, type Scale } from '../options';
import { startUhSimulator } from '../../uh-simulator/startUhSimulator';

export function registerUhSim(program: Command, _env: CliEnv): void {
  program
    .command('uh-sim')
    .description('run the UH simulator alone: SQL Server wire protocol (TDS 7.4) over SQLite')
    .option('--port <port>', 'TCP port (0 = any free port)', portOption, 1433)
    .option(
      '--db <file>',
      'SQLite database file (reused if it exists; a temporary one when absent)',
      pathOption,
    )
    .option(
      '--seed <scale>',
      'load the synthetic UH seed into an empty database: tiny, small or large',
      scaleOption,
    )
    .action(async (opts: { port: number; db?: string; seed?: Scale }) => {
      const simulator = await startUhSimulator({ port: opts.port, file: opts.db, seed: opts.seed });
      process.stdout.write(`UH simulator listening on ${simulator.host}:${simulator.port}\n`);
      process.stdout.write(`MSSQL_URL=${simulator.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void simulator.close().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
