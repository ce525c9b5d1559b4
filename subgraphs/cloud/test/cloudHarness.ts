import { startUhSimulator } from '../../../uh-simulator/startUhSimulator';
import { generateUhSeed } from '../../../uh-simulator/seed/generateUhSeed';
import type { SeedManifest } from '../../../uh-simulator/seed/SeedManifest';
import { parseMssqlUrl } from '../../../core/parseMssqlUrl';
import { runBackfill } from '../../../sync/backfill/runBackfill';
import { createTestDatabase, type TestDatabase } from '../../../test/pg/createTestDatabase';
import { PgStore } from '../../../stores/cloud/PgStore';
import { createCloudSubgraph } from '../createCloudSubgraph';

export const SEED_TODAY = '2026-04-06';

export interface CloudHarness {
  readonly db: TestDatabase;
  readonly store: PgStore;
  readonly manifest: SeedManifest;
  run(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: any; errors?: any[]; sql: string[] }>;
  close(): Promise<void>;
}

/** A fresh database backfilled from a tiny-seeded UH simulator, and the cloud subgraph over it, recording SQL. */
export async function startCloudHarness(
  options: { reportError?: (error: unknown) => void } = {},
): Promise<CloudHarness> {
  const db = await createTestDatabase();
  const simulator = await startUhSimulator({ seed: 'tiny' });
  try {
    await runBackfill({ uh: parseMssqlUrl('uh', simulator.url), cloudUrl: db.url });
  } finally {
    await simulator.close();
  }
  const sql: string[] = [];
  const store = new PgStore({ connectionString: db.url, max: 4, onQuery: (event) => sql.push(event.text) });
  const { apollo, context } = createCloudSubgraph({
    store,
    today: () => SEED_TODAY,
    reportError: options.reportError,
  });
  await apollo.start();
  return {
    db,
    store,
    manifest: generateUhSeed('tiny').manifest,
    async run(query, variables) {
      sql.length = 0;
      const response = await apollo.executeOperation({ query, variables }, { contextValue: await context() });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return {
        data: response.body.singleResult.data ?? undefined,
        errors: response.body.singleResult.errors as any[] | undefined,
        sql: [...sql],
      };
    },
    async close() {
      await apollo.stop();
      await store.close();
      await db.drop();
    },
  };
}

/** The table a statement reads first: enough to tell requests apart in count assertions. */
export function tableOf(text: string): string {
  return /\bFROM\s+([a-z_]+\.[a-z_]+)/i.exec(text)?.[1] ?? text.slice(0, 30);
}
