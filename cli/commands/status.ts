import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { readRuntime, type RuntimeInfo } from '../../core/runtimeFile';
import { redact } from '../../core/parseSetting';
import { CliError } from '../CliError';

export function registerStatus(program: Command, env: CliEnv): void {
  program
    .command('status')
    .description('show the stack running on a data dir (from its runtime.json), passwords masked')
    .option('--data-dir <dir>', 'data dir of the stack', pathOption, env.dataDir)
    .option('--json', 'print runtime.json, without the secrets unless --show-secrets')
    .option('--show-secrets', 'print the database passwords and (with --json) the JWT and subgraph secrets')
    .action((opts: { dataDir: string; json?: boolean; showSecrets?: boolean }) => {
      const found = readRuntime(opts.dataDir);
      if (!found)
        throw new CliError(
          `no stack is running on ${opts.dataDir}; start one with housing start --data-dir ${opts.dataDir}`,
        );
      // A terminal, a screen share or a CI log is no place for a secret: masked unless asked for.
      const runtime = opts.showSecrets === true ? found : withoutSecrets(found);
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

/** The database passwords masked as the start banner masks them; the JWT and subgraph secrets left out. */
function withoutSecrets(runtime: RuntimeInfo): RuntimeInfo {
  const { jwtSecret: _jwt, subgraphSecret: _subgraph, ...rest } = runtime;
  return {
    ...rest,
    uh: { ...runtime.uh, url: redact(runtime.uh.url) },
    postgres: { ...runtime.postgres, url: redact(runtime.postgres.url) },
  };
}
