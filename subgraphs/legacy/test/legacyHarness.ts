import { startUhSimulator, type UhSimulatorHandle } from '../../../uh-simulator/startUhSimulator';
import { generateUhSeed } from '../../../uh-simulator/seed/generateUhSeed';
import type { SeedManifest } from '../../../uh-simulator/seed/SeedManifest';
import { parseMssqlUrl } from '../../../core/parseMssqlUrl';
import { UhStore, type UhQueryEvent } from '../../../stores/uh/UhStore';
import { createLegacySubgraph } from '../createLegacySubgraph';

/** The seed's reference date: "today" for active tenancies, so answers do not drift with the calendar. */
export const SEED_TODAY = '2026-04-06';

export interface LegacyHarness {
  readonly simulator: UhSimulatorHandle;
  readonly store: UhStore;
  readonly manifest: SeedManifest;
  /**
   * Run an operation; returns the response body, the SQL requests it sent in order, the statements they held
   * (a batch holds several), and its round trips to UH as the subgraph counted them and as the simulator saw
   * them (requests it answered).
   */
  run(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{
    data?: any;
    errors?: any[];
    sql: UhQueryEvent[];
    statements: string[];
    roundTrips: number;
    simulatorRequests: number;
  }>;
  close(): Promise<void>;
}

/**
 * A seeded UH simulator (through the real mssql driver over TCP) and the legacy subgraph over it, with
 * every SQL request recorded. One per test file.
 */
export async function startLegacyHarness(
  options: { timeoutMs?: number; reportError?: (error: unknown) => void; lookahead?: boolean } = {},
): Promise<LegacyHarness> {
  const simulator = await startUhSimulator({ seed: 'tiny' });
  const events: UhQueryEvent[] = [];
  const store = new UhStore({
    connection: parseMssqlUrl('simulator', simulator.url),
    timeoutMs: options.timeoutMs,
    onQuery: (event) => events.push(event),
  });
  let roundTrips = 0;
  const { apollo, context } = createLegacySubgraph({
    store,
    today: () => SEED_TODAY,
    reportError: options.reportError,
    lookahead: options.lookahead,
    onOperation: (event) => {
      roundTrips = event.roundTrips;
    },
  });
  await apollo.start();
  return {
    simulator,
    store,
    manifest: generateUhSeed('tiny').manifest,
    async run(query, variables) {
      events.length = 0;
      roundTrips = -1;
      const served = simulator.requestsServed();
      const response = await apollo.executeOperation({ query, variables }, { contextValue: await context() });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = response.body.singleResult;
      return {
        data: data ?? undefined,
        errors: errors as any[] | undefined,
        sql: [...events],
        statements: events.flatMap((event) => event.statements ?? [event.name]),
        roundTrips,
        simulatorRequests: simulator.requestsServed() - served,
      };
    },
    async close() {
      await apollo.stop();
      await store.close();
      await simulator.close();
    },
  };
}

/** The manifest's records of one fault kind (throws if the seed no longer plants it: the test must be updated). */
export function faultRecords(manifest: SeedManifest, kind: string) {
  const fault = manifest.faults[kind];
  if (fault === undefined || fault.records.length === 0)
    throw new Error(`the tiny seed no longer plants fault "${kind}"`);
  return fault.records;
}
