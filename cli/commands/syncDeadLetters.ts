import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { CliError } from '../CliError';
import { PgStore } from '../../stores/cloud/PgStore';
import { DeadLetterNotOpenError, listDeadLetters, retryDeadLetters } from '../../sync/reverse/deadLetters';
import { formatDeadLetters, formatRetried } from '../../sync/reverse/formatDeadLetters';

/** A dead letter that is not open exits 2, as refused arguments do. */
const EXIT_BAD_INPUT = 2;

/** `housing sync dead-letters` and `housing sync retry <id|all>` (sync/reverse/deadLetters.ts). */
export function registerSyncDeadLetters(sync: Command, env: CliEnv): void {
  const dataDirOption = [
    '--data-dir <dir>',
    'the stack whose PostgreSQL to use when DATABASE_URL is not set',
    pathOption,
    env.dataDir,
  ] as const;

  sync
    .command('dead-letters')
    .description('cloud writes the reverse sync could never apply to UH, with why (oldest outbox row first)')
    .option('--all', 'also those already retried')
    .option('--json', 'print JSON')
    .option(...dataDirOption)
    .action(async (opts: { all?: boolean; json?: boolean; dataDir: string }) => {
      await withPg(resolveCloudUrl(env, opts.dataDir), async (pg) => {
        const letters = await listDeadLetters(pg, { includeRetried: opts.all === true });
        process.stdout.write(
          opts.json ? `${JSON.stringify(letters, null, 2)}\n` : formatDeadLetters(letters),
        );
      });
    });

  sync
    .command('retry')
    .description('put dead-lettered outbox rows back to PENDING for the reverse sync to apply again')
    .argument('<id|all>', 'a dead letter id (housing sync dead-letters) or all', idOrAll)
    .option(...dataDirOption)
    .action(async (which: number | 'all', opts: { dataDir: string }) => {
      await withPg(resolveCloudUrl(env, opts.dataDir), async (pg) => {
        process.stdout.write(formatRetried(await retryDeadLetters(pg, which)));
      });
    });
}

function idOrAll(value: string): number | 'all' {
  if (value === 'all') return 'all';
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError(`expected a dead letter id (a whole number) or "all", got "${value}"`);
  }
  return Number(value);
}

async function withPg<T>(url: string, work: (pg: PgStore) => Promise<T>): Promise<T> {
  const pg = new PgStore({ connectionString: url, max: 1 });
  try {
    return await work(pg);
  } catch (error) {
    if (error instanceof DeadLetterNotOpenError) throw new CliError(error.message, EXIT_BAD_INPUT);
    throw error;
  } finally {
    await pg.close();
  }
}
