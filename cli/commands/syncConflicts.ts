import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { CliError } from '../CliError';
import { PgStore } from '../../stores/cloud/PgStore';
import { SYNC_ENTITIES } from '../../stores/cloud/syncEntities';
import {
  ConflictNotOpenError,
  MAX_CONFLICTS_LISTED,
  listConflicts,
  resolveConflicts,
} from '../../sync/conflicts/conflicts';
import { formatConflicts } from '../../sync/conflicts/formatConflicts';

const EXIT_BAD_INPUT = 2;

/** `housing sync conflicts [--all] [--entity <e>] [--limit <n>] [--json]` and `... resolve <id|all>`. */
export function registerSyncConflicts(sync: Command, env: CliEnv): void {
  const dataDirOption = [
    '--data-dir <dir>',
    'the stack whose PostgreSQL to use when DATABASE_URL is not set',
    pathOption,
    env.dataDir,
  ] as const;
  const conflicts = sync
    .command('conflicts')
    .description(
      'rows changed on both sides since they were last synced: both versions, the winner (the master) and what was done',
    )
    .option('--all', 'also those already resolved')
    .option('--entity <name>', `only this entity: ${SYNC_ENTITIES.join(', ')}`, entityOption)
    .option('--limit <n>', `at most this many, 1 to ${MAX_CONFLICTS_LISTED}`, limitOption, 100)
    .option('--json', 'print JSON, both versions included')
    .option(...dataDirOption)
    .action(
      async (opts: { all?: boolean; entity?: string; limit: number; json?: boolean; dataDir: string }) => {
        await withPg(resolveCloudUrl(env, opts.dataDir), async (pg) => {
          const list = await listConflicts(pg, {
            includeResolved: opts.all === true,
            entity: opts.entity,
            limit: opts.limit,
          });
          process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatConflicts(list));
        });
      },
    );
  conflicts
    .command('resolve')
    .description('mark conflicts reviewed (the winning version is already in both stores; no data changes)')
    .argument('<id|all>', 'a conflict id (housing sync conflicts) or all', idOrAll)
    .option(...dataDirOption)
    .action(async (which: number | 'all', opts: { dataDir: string }) => {
      await withPg(resolveCloudUrl(env, opts.dataDir), async (pg) => {
        const n = await resolveConflicts(pg, which);
        process.stdout.write(`${n} conflict(s) marked resolved\n`);
      });
    });
}

function entityOption(value: string): string {
  if (!(SYNC_ENTITIES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${SYNC_ENTITIES.join(', ')}, got "${value}"`);
  }
  return value;
}

function limitOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_CONFLICTS_LISTED) {
    throw new InvalidArgumentError(
      `expected a whole number from 1 to ${MAX_CONFLICTS_LISTED}, got "${value}"`,
    );
  }
  return Number(value);
}

function idOrAll(value: string): number | 'all' {
  if (value === 'all') return 'all';
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError(`expected a conflict id (a whole number) or "all", got "${value}"`);
  }
  return Number(value);
}

async function withPg<T>(url: string, work: (pg: PgStore) => Promise<T>): Promise<T> {
  const pg = new PgStore({ connectionString: url, max: 1, applicationName: 'housing sync (cli)' });
  try {
    return await work(pg);
  } catch (error) {
    if (error instanceof ConflictNotOpenError) throw new CliError(error.message, EXIT_BAD_INPUT);
    throw error;
  } finally {
    await pg.close();
  }
}
