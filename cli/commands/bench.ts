import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { CliError, EXIT_BAD_INPUT } from '../CliError';

const BENCH_DIR = join(__dirname, '..', '..', 'bench');

/** `housing bench <name>` (npm run bench -- <name>) runs bench/<name>.ts, which prints a table. */
export function registerBench(program: Command, _env: CliEnv): void {
  program
    .command('bench')
    .description(
      "run a benchmark from bench/ and print its table (installs the benches' own packages first if missing)",
    )
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
          EXIT_BAD_INPUT,
        );
      }
      installBenchPackages();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, through tsx
      const bench = require(join(BENCH_DIR, `${name}.ts`)) as { default: (args: string[]) => Promise<void> };
      await bench.default(args);
    });
}

/**
 * The benches' peers (Hive Gateway, its Rust planner, autocannon) are not part of the project's install:
 * they weigh hundreds of megabytes and want a newer Node than the project. bench/package.json (with its
 * own lockfile) holds them; the first `npm run bench` installs them into bench/node_modules.
 */
function installBenchPackages(): void {
  if (existsSync(join(BENCH_DIR, 'node_modules'))) return;
  process.stderr.write(
    "housing: installing the benchmarks' own packages (bench/package.json) with npm ci --prefix bench; once only\n",
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--prefix', BENCH_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (run.status !== 0) {
    throw new CliError(
      `installing the benchmarks' packages failed (npm ci --prefix bench ${run.error ? run.error.message : `exited ${run.status}`}); ` +
        'run that command yourself to see why',
    );
  }
}
