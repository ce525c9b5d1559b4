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
import { registerSyncConflicts } from './syncConflicts';
import { startSyncService } from '../../sync/worker/startSyncService';
import { syncDirections } from '../../sync/worker/syncDirections';
import { armCrashPoints } from '../../sync/worker/crashPoint';
import { createLogger } from '../../core/createLogger';
import { hostOption, portOption, positiveIntOption } from '../options';

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

  registerSyncRun(sync, env);
  registerSyncStatus(sync, env);
  registerSyncDeadLetters(sync, env);
  registerSyncConflicts(sync, env);
}

const DIRECTIONS = ['forward', 'reverse'] as const;

function registerSyncRun(sync: Command, env: CliEnv): void {
  sync
    .command('run')
    .description(
      'the long-running sync worker: UH -> cloud change capture and cloud -> UH outbox apply, one active worker per direction (others stand by and take over)',
    )
    .option('--only <direction>', 'run one direction: forward or reverse (default both)', directionOption)
    .option(
      '--port <port>',
      'HTTP port for /healthz, /readyz, /metrics and /status (0 picks a free one)',
      portOption,
      0,
    )
    .option('--host <addr>', 'address to listen on', hostOption, '127.0.0.1')
    .option(
      '--sweep-interval <seconds>',
      'how often forward capture compares key sets to find rows deleted in UH',
      positiveIntOption,
      600,
    )
    .option(
      '--data-dir <dir>',
      'the stack to use when DATABASE_URL / MSSQL_URL are not set',
      pathOption,
      env.dataDir,
    )
    .action(
      async (opts: {
        only?: (typeof DIRECTIONS)[number];
        port: number;
        host: string;
        sweepInterval: number;
        dataDir: string;
      }) => {
        const cloudUrl = resolveCloudUrl(env, opts.dataDir);
        const uh = resolveUhConfig(env, opts.dataDir).config;
        if (env.syncCrashAt !== undefined) armCrashPoints(env.syncCrashAt);
        const logger = createLogger(env.logLevel, 'sync');
        const factories = syncDirections({ sweepEveryMs: opts.sweepInterval * 1000, logger });
        const wanted = opts.only === undefined ? DIRECTIONS : [opts.only];
        const service = await startSyncService({
          uh,
          cloudUrl,
          directions: Object.fromEntries(wanted.map((name) => [name, factories[name]])),
          port: opts.port,
          host: opts.host,
          logger,
          uhTimeoutMs: Math.max(env.uhTimeoutMs, 60_000),
        });
        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = () => {
            if (stopping) return;
            stopping = true;
            process.stderr.write('stopping after the cycles in flight ...\n');
            service.stop().then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          process.stdout.write(
            `sync worker running: ${wanted.join(' and ')}; ${service.url ?? ''}/metrics, /status (Ctrl-C to stop)\n`,
          );
        });
        process.stdout.write('stopped\n');
      },
    );
}

function directionOption(value: string): (typeof DIRECTIONS)[number] {
  if (!(DIRECTIONS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected forward or reverse, got "${value}"`);
  }
  return value as (typeof DIRECTIONS)[number];
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
