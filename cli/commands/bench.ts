import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { CliError } from '../CliError';

const BENCH_DIR = join(__dirname, '..', '..', 'bench');

/** `housing bench <name>` (npm run bench -- <name>) runs bench/<name>.ts, which prints a table. */
export function registerBench(program: Command, _env: CliEnv): void {
  program
    .command('bench')
    .description('run a benchmark from bench/ and print its table')
    .argument('<name>', 'benchmark name (file in bench/ without .ts)')
    .argument('[args...]', 'arguments passed to the benchmark (e.g. --seconds 5)')
    .passThroughOptions()
    .action(async (name: string, args: string[]) => {
      const available = readdirSync(BENCH_DIR)
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map((file) => file.replace(/\.ts$/, ''));
      if (!available.includes(name)) {
        throw new CliError(
          `no benchmark named "${name}"; expected one of: ${available.join(', ') || '(none yet)'}`,
          2,
        );
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, through tsx
      const bench = require(join(BENCH_DIR, `${name}.ts`)) as { default: (args: string[]) => Promise<void> };
      await bench.default(args);
    });
}
