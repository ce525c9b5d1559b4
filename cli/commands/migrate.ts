import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { CliError } from '../CliError';
import {
  PHASES,
  ENTITIES,
  parseEntity,
  parsePercent,
  parsePhase,
  type Entity,
  type Phase,
} from '../../migration/phases';
import type { GateThresholds } from '../../migration/gates/gateThresholds';
import { resolveGateThresholds } from '../resolveGateThresholds';
import { MigrationControlError, isUserError } from '../../migration/migrationErrors';
import { validatePhaseRequest } from '../../migration/validatePhaseChange';
import { GateFailedError, MAX_HISTORY_LIMIT, MigrationStore } from '../../migration/store/MigrationStore';
import { SHADOW_WINDOW_HOURS } from '../../migration/gates/readGateReadings';
import {
  formatHistoryTable,
  formatPhaseChangeLine,
  formatPreview,
  formatStatusTable,
} from '../../migration/formatPhases';

/** SHADOW's next step when `housing migrate gates` is given no percent: a small canary. */
const DEFAULT_FIRST_CANARY_PERCENT = 10;

/** Bad arguments (and refused changes) exit 2, as every other command's bad arguments do. */
const EXIT_BAD_INPUT = 2;

export function registerMigrate(program: Command, env: CliEnv): void {
  const migrate = program
    .command('migrate')
    .description(
      'move an entity between UH and the cloud: show and change its phase, with who, when and why',
    );
  const thresholdsOption = [
    '--thresholds <file>',
    'JSON file of gate thresholds (or HOUSING_GATE_THRESHOLDS; README: Moving an entity)',
    pathOption,
  ] as const;
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
    .option(
      '--accept-loss',
      'leave CANARY or CLOUD even though cloud writes have not reached UH (recorded with those writes)',
    )
    .option(...thresholdsOption)
    .option(...dataDirOption)
    .action(
      async (
        entityArg: string,
        phaseArg: string,
        opts: {
          percent?: number;
          reason: string;
          by?: string;
          overrideGates?: boolean;
          acceptLoss?: boolean;
          thresholds?: string;
          dataDir: string;
        },
      ) => {
        const request = userInput(() =>
          validatePhaseRequest({
            entity: parseEntity(entityArg),
            phase: parsePhase(phaseArg),
            percent: opts.percent,
            reason: opts.reason,
            changedBy: opts.by ?? userInfo().username,
            overrideGates: opts.overrideGates === true,
            acceptLoss: opts.acceptLoss === true,
          }),
        );
        const thresholds = resolveGateThresholds(env, opts.thresholds);
        await withStore(resolveCloudUrl(env, opts.dataDir), thresholds, async (store) => {
          const { before, after } = await store.setPhase(request);
          process.stdout.write(`${formatPhaseChangeLine(before, after)}\n`);
        });
      },
    );

  migrate
    .command('gates')
    .description(
      'the gate readings and the verdict for a move, without making it (exit 0 allowed, 1 refused by a gate)',
    )
    .argument('<entity>', ENTITIES.join(' | '))
    .argument('[phase]', `${PHASES.join(' | ')} (default: the next step from the current phase)`)
    .option(
      '--percent <p>',
      `CANARY only: the share of consumers, 1 to 99 (default ${DEFAULT_FIRST_CANARY_PERCENT} for SHADOW's next step)`,
      percentOption,
    )
    .option('--json', 'print the verdict, the readings and the thresholds as JSON')
    .option(...thresholdsOption)
    .option(...dataDirOption)
    .action(
      async (
        entityArg: string,
        phaseArg: string | undefined,
        opts: { percent?: number; json?: boolean; thresholds?: string; dataDir: string },
      ) => {
        const entity = userInput(() => parseEntity(entityArg));
        const phase = phaseArg === undefined ? undefined : userInput(() => parsePhase(phaseArg));
        const thresholds = resolveGateThresholds(env, opts.thresholds);
        await withStore(resolveCloudUrl(env, opts.dataDir), thresholds, async (store) => {
          const current = (await store.readPhases()).find((p) => p.entity === entity);
          const target = phase ?? (current === undefined ? undefined : nextStep(current.phase));
          if (target === undefined) {
            throw new CliError(
              `${entity} is CLOUD, the last phase: name a phase to see what moving back would meet`,
              EXIT_BAD_INPUT,
            );
          }
          const percent =
            target === 'CANARY' && opts.percent === undefined && current?.phase !== 'CANARY'
              ? DEFAULT_FIRST_CANARY_PERCENT
              : opts.percent;
          const preview = await store.previewPhaseChange({ entity, phase: target, percent });
          process.stdout.write(opts.json ? `${JSON.stringify(preview, null, 2)}\n` : formatPreview(preview));
          if (!preview.verdict.passed) process.exitCode = 1;
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
      await withStore(resolveCloudUrl(env, opts.dataDir), undefined, async (store) => {
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
        await withStore(resolveCloudUrl(env, opts.dataDir), undefined, async (store) => {
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

async function withStore<T>(
  url: string,
  gateThresholds: GateThresholds | undefined,
  work: (store: MigrationStore) => Promise<T>,
): Promise<T> {
  const store = new MigrationStore({
    connectionString: url,
    max: 1,
    gateThresholds,
    onDrainWait: ({ entity, pending, maxSeconds }) =>
      process.stderr.write(
        `waiting up to ${maxSeconds} s for ${pending} cloud write(s) of ${entity} to reach UH before it leaves the cloud...\n`,
      ),
  });
  try {
    return await work(store);
  } catch (error) {
    throw toCliError(error);
  } finally {
    await store.close();
  }
}

/**
 * Refused input and refused changes exit 2; a change refused by a gate 1, with its code first (scripts and
 * pipelines look for it); a database that cannot be reached or is not migrated, 1.
 */
function toCliError(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (isUserError(error)) return new CliError(error.message, EXIT_BAD_INPUT);
  if (error instanceof GateFailedError) return new CliError(`${error.code}: ${error.message}`, 1);
  if (error instanceof MigrationControlError) return new CliError(error.message, 1);
  return error;
}

/** The move `housing migrate gates` previews when no phase is named. */
function nextStep(phase: Phase): Phase | undefined {
  const index = PHASES.indexOf(phase);
  return index === PHASES.length - 1 ? undefined : PHASES[index + 1];
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
