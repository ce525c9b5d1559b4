import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { CliError } from '../CliError';
import { PHASES, ENTITIES, parseEntity, parsePercent, parsePhase, type Entity } from '../../migration/phases';
import { MigrationControlError, isUserError } from '../../migration/migrationErrors';
import { validatePhaseRequest } from '../../migration/validatePhaseChange';
import { MAX_HISTORY_LIMIT, MigrationStore } from '../../migration/store/MigrationStore';
import { SHADOW_WINDOW_HOURS } from '../../migration/gates/readGateReadings';
import { formatHistoryTable, formatPhaseChangeLine, formatStatusTable } from '../../migration/formatPhases';

/** Bad arguments (and refused changes) exit 2, as every other command's bad arguments do. */
const EXIT_BAD_INPUT = 2;

export function registerMigrate(program: Command, env: CliEnv): void {
  const migrate = program
    .command('migrate')
    .description(
      'move an entity between UH and the cloud: show and change its phase, with who, when and why',
    );
  const dataDirOption = [
    '--data-dir <dir>',
    'the stack whose PostgreSQL to use when DATABASE_URL is not set',
    pathOption,
    env.dataDir,
  ] as const;

  migrate
    .command('set')
    .description(
      'move an entity to a phase (recorded in the phase history with who, when, why and the gate readings)',
    )
    .argument('<entity>', ENTITIES.join(' | '))
    .argument('<phase>', PHASES.join(' | '))
    .option(
      '--percent <p>',
      'CANARY only: the share of consumers served by the cloud, 1 to 99',
      percentOption,
    )
    .requiredOption('--reason <text>', 'why (kept in the phase history; at most 500 characters)')
    .option('--by <name>', 'who is making the change (default: your user name)')
    .option(
      '--override-gates',
      'move forward even though safety gates fail (recorded as an override with the failing readings)',
    )
    .option(...dataDirOption)
    .action(
      async (
        entityArg: string,
        phaseArg: string,
        opts: { percent?: number; reason: string; by?: string; overrideGates?: boolean; dataDir: string },
      ) => {
        const request = userInput(() =>
          validatePhaseRequest({
            entity: parseEntity(entityArg),
            phase: parsePhase(phaseArg),
            percent: opts.percent,
            reason: opts.reason,
            changedBy: opts.by ?? userInfo().username,
            overrideGates: opts.overrideGates === true,
          }),
        );
        await withStore(resolveCloudUrl(env, opts.dataDir), async (store) => {
          const { before, after } = await store.setPhase(request);
          process.stdout.write(`${formatPhaseChangeLine(before, after)}\n`);
        });
      },
    );

  migrate
    .command('status')
    .description(
      `every entity's phase, who changed it, when and why, and shadow mismatches in the last ${SHADOW_WINDOW_HOURS} h`,
    )
    .option('--json', 'print JSON')
    .option(...dataDirOption)
    .action(async (opts: { json?: boolean; dataDir: string }) => {
      await withStore(resolveCloudUrl(env, opts.dataDir), async (store) => {
        const phases = await store.readPhases();
        const since = new Date(Date.now() - SHADOW_WINDOW_HOURS * 3_600_000);
        const mismatches = await store.shadowMismatchCounts(since);
        if (opts.json) {
          const entities = phases.map((p) => ({ ...p, shadowMismatches: mismatches[p.entity] }));
          process.stdout.write(`${JSON.stringify({ shadowMismatchesSince: since, entities }, null, 2)}\n`);
          return;
        }
        process.stdout.write(formatStatusTable(phases, mismatches, SHADOW_WINDOW_HOURS));
      });
    });

  migrate
    .command('history')
    .description('phase changes, newest first, with who, when, why (--json adds the gate readings)')
    .argument('[entity]', `only this entity: ${ENTITIES.join(' | ')}`)
    .option('--limit <n>', `at most this many, 1 to ${MAX_HISTORY_LIMIT}`, limitOption, 50)
    .option('--json', 'print JSON, gate readings included')
    .option(...dataDirOption)
    .action(
      async (entityArg: string | undefined, opts: { limit: number; json?: boolean; dataDir: string }) => {
        const entity: Entity | undefined =
          entityArg === undefined ? undefined : userInput(() => parseEntity(entityArg));
        await withStore(resolveCloudUrl(env, opts.dataDir), async (store) => {
          const changes = await store.history(entity, opts.limit);
          process.stdout.write(
            opts.json ? `${JSON.stringify(changes, null, 2)}\n` : formatHistoryTable(changes),
          );
        });
      },
    );
}

function userInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw toCliError(error);
  }
}

async function withStore<T>(url: string, work: (store: MigrationStore) => Promise<T>): Promise<T> {
  const store = new MigrationStore({ connectionString: url, max: 1 });
  try {
    return await work(store);
  } catch (error) {
    throw toCliError(error);
  } finally {
    await store.close();
  }
}

/** Refused input and refused changes exit 2; a database that cannot be reached or is not migrated, 1. */
function toCliError(error: unknown): unknown {
  if (isUserError(error)) return new CliError(error.message, EXIT_BAD_INPUT);
  if (error instanceof MigrationControlError) return new CliError(error.message, 1);
  return error;
}

function percentOption(value: string): number {
  try {
    return parsePercent(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function limitOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_HISTORY_LIMIT) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_HISTORY_LIMIT}, got "${value}"`);
  }
  return Number(value);
}
