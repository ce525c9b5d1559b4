import { join } from 'node:path';
import { readRuntime } from '../../core/runtimeFile';
import { ensureDatabase } from '../../stores/cloud/ensureDatabase';
import { PgStore } from '../../stores/cloud/PgStore';
import type { TestPostgres } from '../../test/pg/resolveTestPostgres';
import { startInWorker } from '../lib/startInWorker';
import type { BenchStackInWorker } from './startBenchStack';

/**
 * The real subgraphs on seeded data: the project's own `housing start` stack (cli/startStack.ts) in a
 * worker thread, over a data dir kept in .data/bench/gateway-<scale> (the UH simulator file is seeded
 * once and reused) and a PostgreSQL database housing_bench_gateway_<scale> (migrated, backfilled and
 * LLPG-loaded on the first run, reused later). The same database holds migration.entity_phase, which our
 * gateway reads for label routing.
 */
export interface SeededStack {
  readonly legacyUrl: string;
  readonly cloudUrl: string;
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

export type BenchScale = 'tiny' | 'small';

export async function startSeededStack(options: {
  root: string;
  scale: BenchScale;
  postgres: TestPostgres;
  /** The secret the subgraphs will demand from gateways (header x-housing-gateway-secret). */
  subgraphSecret: string;
  jwtSecret: string;
  log: (line: string) => void;
}): Promise<SeededStack> {
  const { root, scale } = options;
  const dataDir = join(root, '.data', 'bench', `gateway-${scale}`);
  const running = readRuntime(dataDir);
  if (running)
    throw new Error(
      `a stack is already running on ${dataDir} (pid ${running.pid}); stop it before the bench`,
    );
  const databaseUrl = await ensureDatabase(options.postgres.adminUrl, `housing_bench_gateway_${scale}`);
  options.log(
    `starting the seeded stack (scale ${scale}; the first run seeds and backfills, minutes at small) ...`,
  );
  const stack = await startInWorker<BenchStackInWorker>(
    join(__dirname, 'startBenchStack.ts'),
    'startBenchStack',
    {
      root,
      dataDir,
      scale,
      databaseUrl,
      subgraphSecret: options.subgraphSecret,
      jwtSecret: options.jwtSecret,
    },
    ['legacyUrl', 'cloudUrl'],
  );
  return { ...stack.value, databaseUrl, stop: () => stack.close() };
}

/**
 * Phases for the run. Our gateway decides every label per request (three entities on a CANARY, so it
 * hashes each consumer for each of them), but none of the bench's consumers falls inside those canaries
 * (their buckets: property 7/26/45/64, tenancy 98/79/60/93, person 95/14/33/52), so every request runs
 * the plan @apollo/gateway runs (labels off) and every gateway does the same subgraph work: the table
 * compares gateways, not stores. Recorded in phase_history like any change.
 */
export const BENCH_PHASES: readonly { entity: string; phase: string; percent: number }[] = [
  { entity: 'property', phase: 'CANARY', percent: 5 },
  { entity: 'tenancy', phase: 'CANARY', percent: 50 },
  { entity: 'person', phase: 'CANARY', percent: 10 },
  { entity: 'repairRequest', phase: 'LEGACY', percent: 0 },
];

export async function setBenchPhases(databaseUrl: string): Promise<void> {
  const store = new PgStore({ connectionString: databaseUrl, max: 1 });
  try {
    for (const { entity, phase, percent } of BENCH_PHASES) {
      await store.query(
        `WITH previous AS (SELECT phase, percent FROM migration.entity_phase WHERE entity = $1),
              changed AS (
                UPDATE migration.entity_phase
                   SET phase = $2, percent = $3, changed_by = 'bench gateway', changed_at = now(), reason = 'gateway bench run'
                 WHERE entity = $1 AND (phase <> $2 OR percent <> $3)
                RETURNING entity)
         INSERT INTO migration.phase_history (entity, from_phase, from_percent, to_phase, to_percent, changed_by, reason)
         SELECT $1, previous.phase, previous.percent, $2, $3, 'bench gateway', 'gateway bench run'
           FROM previous, changed`,
        [entity, phase, percent],
      );
    }
  } finally {
    await store.close();
  }
}
