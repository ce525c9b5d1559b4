import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption, positiveIntOption } from '../options';
import { resolveCloudUrl, resolveUhConfig } from '../resolveTargets';
import { CliError } from '../CliError';
import { formatTable } from '../../core/formatTable';
import { PgStore } from '../../stores/cloud/PgStore';
import { CloudStoreUnavailableError } from '../../stores/cloud/cloudStoreErrors';
import { SYNC_ENTITIES, type SyncEntityName } from '../../stores/cloud/syncEntities';
import { LegacyStoreQueryError, LegacyStoreUnavailableError } from '../../stores/uh/legacyStoreErrors';
import { runReconcile } from '../../sync/reconcile/runReconcile';
import {
  formatDifferences,
  formatReconcileReport,
  reconcileReportJson,
} from '../../sync/reconcile/formatReconcileReport';
import { readReconcileDifferences, readReconcileRuns } from '../../sync/reconcile/readReconcileHistory';

/** Unexplained differences: the stores disagree and nothing the sync keeps says why. */
const EXIT_UNEXPLAINED = 1;

export function registerReconcile(program: Command, env: CliEnv): void {
  const reconcile = program
    .command('reconcile')
    .description(
      'compare every row of each entity in UH and the cloud (after normalisation), hashing key ranges inside each database; history of past runs',
    );
  const dataDir = [
    '--data-dir <dir>',
    'the stack to use when DATABASE_URL / MSSQL_URL are not set',
    pathOption,
    env.dataDir,
  ] as const;

  reconcile
    .command('run', { isDefault: true })
    .description(
      'reconcile UH against the cloud: checksum key ranges on both sides, bisect the ones that differ down to rows, report each difference per field, explained or not (exit 1 when any is unexplained)',
    )
    .option(
      '--entity <name>',
      `only this entity (repeatable, or comma-separated; default all): ${SYNC_ENTITIES.join(', ')}`,
      entityOption,
    )
    .option('--json', 'print the report as JSON (every difference)')
    .option(
      '--repair',
      "re-sync the differing rows from each entity's master (UH before CLOUD; the cloud, through the outbox, in CLOUD), recorded with the run",
    )
    .option('--verbose', 'on failure, print the error with its cause and stack')
    .option(...dataDir)
    .action(
      async (opts: {
        entity?: SyncEntityName[];
        json?: boolean;
        repair?: boolean;
        verbose?: boolean;
        dataDir: string;
      }) => {
        const cloudUrl = resolveCloudUrl(env, opts.dataDir);
        const uh = resolveUhConfig(env, opts.dataDir).config;
        const report = await explained(opts.verbose === true, () =>
          runReconcile({
            uh,
            cloudUrl,
            entities: opts.entity,
            repair: opts.repair === true,
            uhTimeoutMs: Math.max(env.uhTimeoutMs, 300_000),
          }),
        );
        process.stdout.write(
          opts.json === true
            ? `${JSON.stringify(reconcileReportJson(report), null, 2)}\n`
            : formatReconcileReport(report),
        );
        if (report.unexplained > 0) process.exitCode = EXIT_UNEXPLAINED;
      },
    );

  reconcile
    .command('history')
    .description('past reconciliation runs, newest first; --run <id> lists one run’s differences')
    .option('--entity <name>', `only this entity: ${SYNC_ENTITIES.join(', ')}`, oneEntityOption)
    .option('--run <id>', 'one run’s differences, with both values, class and repair', runIdOption)
    .option('--limit <n>', 'at most this many runs (default 20)', positiveIntOption, 20)
    .option('--json', 'print JSON')
    .option('--verbose', 'on failure, print the error with its cause and stack')
    .option(...dataDir)
    .action(
      async (opts: {
        entity?: SyncEntityName;
        run?: string;
        limit: number;
        json?: boolean;
        verbose?: boolean;
        dataDir: string;
      }) => {
        const pg = new PgStore({
          connectionString: resolveCloudUrl(env, opts.dataDir),
          max: 1,
          applicationName: 'housing reconcile history',
        });
        try {
          await explained(opts.verbose === true, async () => {
            if (opts.run !== undefined) {
              const found = await readReconcileDifferences(pg, opts.run);
              if (found === undefined) throw new CliError(`no reconciliation run ${opts.run}`, 2);
              process.stdout.write(
                opts.json === true
                  ? `${JSON.stringify(found, null, 2)}\n`
                  : `run ${found.run.runId}: ${found.run.entity}, ${found.run.startedAt}, ${found.run.differences} difference(s), ${found.run.unexplained} unexplained\n` +
                      (found.differences.length === 0
                        ? ''
                        : formatDifferences(found.differences, found.run.repair)),
              );
              return;
            }
            const runs = await readReconcileRuns(pg, { entity: opts.entity, limit: opts.limit });
            process.stdout.write(
              opts.json === true
                ? `${JSON.stringify(runs, null, 2)}\n`
                : runs.length === 0
                  ? 'no reconciliation has run yet (housing reconcile)\n'
                  : formatTable(
                      [
                        'run',
                        'started at',
                        'entity',
                        'status',
                        'UH rows',
                        'cloud rows',
                        'differences',
                        'unexplained',
                        'seconds',
                        'repaired',
                      ],
                      runs.map((r) => [
                        r.runId,
                        r.startedAt.replace(/\.\d+Z$/, 'Z'),
                        r.entity,
                        r.status === 'failed' ? `failed: ${r.error ?? ''}` : r.status,
                        r.uhRows === null ? '-' : String(r.uhRows),
                        r.cloudRows === null ? '-' : String(r.cloudRows),
                        String(r.differences),
                        String(r.unexplained),
                        r.seconds === null ? '-' : r.seconds.toFixed(1),
                        r.repair ? String(r.repaired) : '-',
                      ]),
                    ),
            );
          });
        } finally {
          await pg.close();
        }
      },
    );
}

/**
 * A store that cannot be reached, or refuses a request, is one clear line (exit 1); --verbose rethrows it
 * so the stack and the driver's cause are printed.
 */
async function explained<T>(verbose: boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (verbose || error instanceof CliError) throw error;
    if (
      error instanceof LegacyStoreUnavailableError ||
      error instanceof LegacyStoreQueryError ||
      error instanceof CloudStoreUnavailableError
    )
      throw new CliError(`${error.message} (--verbose for details)`, 1);
    throw error;
  }
}

function entityOption(value: string, previous: SyncEntityName[] | undefined): SyncEntityName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) oneEntityOption(name);
  return [...(previous ?? []), ...(names as SyncEntityName[])];
}

function oneEntityOption(value: string): SyncEntityName {
  if (!(SYNC_ENTITIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${SYNC_ENTITIES.join(', ')}, got "${value}"`);
  return value as SyncEntityName;
}

function runIdOption(value: string): string {
  if (!/^\d{1,18}$/.test(value)) throw new InvalidArgumentError(`expected a run number, got "${value}"`);
  return value;
}
