import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { resolveCloudUrl, resolveUhConfig } from '../resolveTargets';
import { CliError } from '../CliError';
import { BACKFILL_ENTITIES, type BackfillEntityName } from '../../sync/backfill/BackfillEntity';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, runBackfill } from '../../sync/backfill/runBackfill';
import { BackfillLockedError } from '../../sync/backfill/withBackfillLock';
import {
  createBackfillProgressReporter,
  formatBackfillSummary,
} from '../../sync/backfill/backfillProgressReporter';
import { PgStore } from '../../stores/cloud/PgStore';
import { readSyncReadings } from '../../stores/cloud/readSyncReadings';
import { formatSyncStatus } from '../../sync/worker/formatSyncStatus';
import { registerSyncDeadLetters } from './syncDeadLetters';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

export function registerSync(program: Command, env: CliEnv): void {
  const sync = program.command('sync').description('move data between UH and the cloud database');

  sync
    .command('backfill')
    .description(
      'copy UH into the cloud model in key order, chunk by chunk, resumable (a second run continues where the first stopped)',
    )
    .option(
      '--entity <name>',
      `only this entity (repeatable; default all): ${BACKFILL_ENTITIES.join(', ')}`,
      entityOption,
    )
    .option('--batch <n>', `UH rows per chunk, 1 to ${MAX_BATCH_SIZE}`, batchOption, DEFAULT_BATCH_SIZE)
    .option('--restart', 'forget the checkpoints (and rejects) first and read everything again')
    .option(
      '--data-dir <dir>',
      'the stack to use when DATABASE_URL / MSSQL_URL are not set',
      pathOption,
      env.dataDir,
    )
    .action(
      async (opts: { entity?: BackfillEntityName[]; batch: number; restart?: boolean; dataDir: string }) => {
        const cloudUrl = resolveCloudUrl(env, opts.dataDir);
        const uh = resolveUhConfig(env, opts.dataDir).config;
        const controller = new AbortController();
        const onSignal = () => {
          if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED); // a second Ctrl-C: stop now
          process.stderr.write('\nstopping after the chunk in flight (Ctrl-C again to stop at once) ...\n');
          controller.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const reporter = createBackfillProgressReporter(process.stderr);
        try {
          const summary = await runBackfill({
            uh,
            cloudUrl,
            entities: opts.entity,
            batchSize: opts.batch,
            restart: opts.restart === true,
            onProgress: reporter.onProgress,
            signal: controller.signal,
            uhTimeoutMs: Math.max(env.uhTimeoutMs, 120_000),
          });
          reporter.stop();
          process.stdout.write(formatBackfillSummary(summary));
          if (summary.interrupted) {
            process.stdout.write('interrupted: run the same command again to resume from the checkpoint\n');
            process.exitCode = EXIT_INTERRUPTED;
          }
        } catch (error) {
          reporter.stop();
          if (error instanceof BackfillLockedError) throw new CliError(error.message, 1);
          throw error;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );

  registerSyncStatus(sync, env);
  registerSyncDeadLetters(sync, env);
}

/** A short-lived pool for one command's reads of the cloud database. */
async function withCloud<T>(cloudUrl: string, work: (store: PgStore) => Promise<T>): Promise<T> {
  const store = new PgStore({ connectionString: cloudUrl, max: 1, applicationName: 'housing sync (cli)' });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function registerSyncStatus(sync: Command, env: CliEnv): void {
  sync
    .command('status')
    .description(
      'each direction: its worker, lag in seconds and rows, rows/s per UH table and outbox entity, dead letters, conflicts',
    )
    .option('--json', 'print the readings as JSON')
    .option('--data-dir <dir>', 'the stack to use when DATABASE_URL is not set', pathOption, env.dataDir)
    .action(async (opts: { json?: boolean; dataDir: string }) => {
      const readings = await withCloud(resolveCloudUrl(env, opts.dataDir), (store) =>
        store.withClient(readSyncReadings),
      );
      process.stdout.write(
        opts.json === true ? `${JSON.stringify(readings, null, 2)}\n` : formatSyncStatus(readings),
      );
    });
}

function entityOption(value: string, previous: BackfillEntityName[] | undefined): BackfillEntityName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(BACKFILL_ENTITIES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`expected one of ${BACKFILL_ENTITIES.join(', ')}, got "${name}"`);
    }
  }
  return [...(previous ?? []), ...(names as BackfillEntityName[])];
}

function batchOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_BATCH_SIZE) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_BATCH_SIZE}, got "${value}"`);
  }
  return Number(value);
}
