import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { readRuntime } from '../../core/runtimeFile';
import { CliError } from '../CliError';

export function registerStatus(program: Command, env: CliEnv): void {
  program
    .command('status')
    .description('show the stack running on a data dir (from its runtime.json)')
    .option('--data-dir <dir>', 'data dir of the stack', pathOption, env.dataDir)
    .option('--json', 'print runtime.json as it is')
    .action((opts: { dataDir: string; json?: boolean }) => {
      const runtime = readRuntime(opts.dataDir);
      if (!runtime)
        throw new CliError(`no stack is running on ${opts.dataDir} (start one with housing start)`, 3);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(runtime, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `stack pid ${runtime.pid}, started ${runtime.startedAt}, data dir ${runtime.dataDir}\n`,
      );
      process.stdout.write(`  UH          ${runtime.uh.url}\n  PostgreSQL  ${runtime.postgres.url}\n`);
      for (const [name, url] of Object.entries(runtime.services))
        process.stdout.write(`  ${name.padEnd(11)} ${url}\n`);
    });
}
