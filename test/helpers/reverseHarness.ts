import { mkdtempSync, rmSync } from 'node:fs';
import type { GraphQLResponse } from '@apollo/server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUhSimulator, type UhSimulatorHandle } from '../../uh-simulator/startUhSimulator';
import type { InjectedFault } from '../../uh-simulator/engine/types';
import { parseMssqlUrl } from '../../core/parseMssqlUrl';
import { UhStore, type UhQueryEvent } from '../../stores/uh/UhStore';
import { PgStore } from '../../stores/cloud/PgStore';
import { runBackfill } from '../../sync/backfill/runBackfill';
import { createTestDatabase, type TestDatabase } from '../pg/createTestDatabase';
import { createLegacySubgraph } from '../../subgraphs/legacy/createLegacySubgraph';
import { createCloudSubgraph } from '../../subgraphs/cloud/createCloudSubgraph';
import { ReverseDirection, type ReverseDirectionOptions } from '../../sync/reverse/ReverseDirection';

/** The seed's reference date ("today" for both subgraphs). */
export const SEED_TODAY = '2026-04-06';

/** A clock the test moves by hand: the direction reads it once per cycle. */
export class TestClock {
  private current: Date;
  constructor(start: Date) {
    this.current = start;
  }
  readonly now = (): Date => new Date(this.current);
  /** Catch up with the system clock (after writes whose rows PostgreSQL timestamped with now()). */
  catchUp(): Date {
    this.current = new Date(Math.max(Date.now(), this.current.getTime()));
    return this.now();
  }
  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }
}

type GraphResult = { data?: any; errors?: any[] };

/**
 * Reverse sync tests' fixture: a tiny-seeded UH simulator on a file of its own (so it can be stopped and
 * started again on the same port, as UH behind a dropping VPN), a fresh database backfilled from it, both
 * stores (every UH request recorded), both subgraphs (the legacy one over UH, the cloud one over
 * PostgreSQL) and a hand-moved clock.
 */
export interface ReverseHarness {
  readonly db: TestDatabase;
  readonly uh: UhStore;
  readonly pg: PgStore;
  readonly clock: TestClock;
  /** UH requests since the last takeUhRequests(), by name. */
  takeUhRequests(): string[];
  readonly uhUrl: string;
  direction(options?: Partial<ReverseDirectionOptions>): ReverseDirection;
  legacy(query: string, variables?: Record<string, unknown>): Promise<GraphResult>;
  cloud(query: string, variables?: Record<string, unknown>): Promise<GraphResult>;
  /** Run T-SQL in the simulator's engine directly (setup and expectations; not a UH request). */
  uhQuery<R = Record<string, unknown>>(text: string): Promise<R[]>;
  /** Make the next matching UH statement fail with a SQL Server error number (e.g. 1205 deadlock). */
  injectUhFault(fault: InjectedFault): void;
  /** UH's last rowversion used: unchanged means nothing was written. */
  dbts(): Promise<string>;
  setPhase(
    entity: 'person' | 'repairRequest' | 'tenancy',
    phase: 'LEGACY' | 'SHADOW' | 'CLOUD',
  ): Promise<void>;
  stopUh(): Promise<void>;
  startUh(): Promise<void>;
  close(): Promise<void>;
}

export async function startReverseHarness(): Promise<ReverseHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'uh-reverse-'));
  const file = join(dir, 'uh.sqlite');
  let simulator: UhSimulatorHandle | undefined = await startUhSimulator({ file, seed: 'tiny' });
  const port = simulator.port;
  const uhUrl = simulator.url;
  const db = await createTestDatabase();
  await runBackfill({ uh: parseMssqlUrl('uh', uhUrl), cloudUrl: db.url });
  const events: UhQueryEvent[] = [];
  const uh = new UhStore({
    connection: parseMssqlUrl('uh', uhUrl),
    timeoutMs: 2000,
    onQuery: (event) => events.push(event),
  });
  const pg = new PgStore({ connectionString: db.url, max: 6 });
  const legacy = createLegacySubgraph({ store: uh, today: () => SEED_TODAY });
  const cloud = createCloudSubgraph({ store: pg, today: () => SEED_TODAY });
  await legacy.apollo.start();
  await cloud.apollo.start();
  const clock = new TestClock(new Date());

  const single = (response: GraphQLResponse): GraphResult => {
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return { data: data ?? undefined, errors: errors as any[] | undefined };
  };
  const uhQuery = async <R>(text: string): Promise<R[]> => {
    if (simulator === undefined) throw new Error('UH is stopped');
    const session = simulator.engine.openSession();
    try {
      const result = await session.execute(text, []);
      if (result.error !== undefined) throw new Error(`UH: ${JSON.stringify(result.error)}`);
      const rows: R[] = [];
      for (const outcome of result.outcomes) {
        if (outcome.kind !== 'resultSet') continue;
        const names = outcome.resultSet.columns.map((c) => c.name);
        for (const row of outcome.resultSet.rows) {
          rows.push(Object.fromEntries(names.map((name, i) => [name, (row as unknown[])[i]])) as R);
        }
      }
      return rows;
    } finally {
      session.close();
    }
  };

  return {
    db,
    uh,
    pg,
    clock,
    uhUrl,
    takeUhRequests: () => events.splice(0).map((event) => event.name),
    direction: (options = {}) => new ReverseDirection({ uh, pg, now: clock.now, ...options }),
    legacy: async (query, variables) =>
      single(
        await legacy.apollo.executeOperation({ query, variables }, { contextValue: await legacy.context() }),
      ),
    cloud: async (query, variables) =>
      single(
        await cloud.apollo.executeOperation({ query, variables }, { contextValue: await cloud.context() }),
      ),
    uhQuery,
    injectUhFault(fault) {
      if (simulator === undefined) throw new Error('UH is stopped');
      simulator.engine.injectFault(fault);
    },
    async dbts() {
      const [row] = await uhQuery<{ dbts: Buffer }>('SELECT @@DBTS AS dbts');
      return row?.dbts.toString('hex') ?? '';
    },
    async setPhase(entity, phase) {
      await pg.query(
        `UPDATE migration.entity_phase SET phase = $2, percent = CASE $2 WHEN 'CLOUD' THEN 100 ELSE 0 END WHERE entity = $1`,
        [entity, phase],
      );
    },
    async stopUh() {
      await simulator?.close();
      simulator = undefined;
    },
    async startUh() {
      simulator ??= await startUhSimulator({ file, port });
    },
    async close() {
      await legacy.apollo.stop();
      await cloud.apollo.stop();
      await uh.close();
      await pg.close();
      await db.drop();
      await simulator?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** sync.outbox rows of one entity, in id order, as the tests look at them. */
export async function outboxRows(pg: PgStore, entity?: string) {
  const { rows } = await pg.query<{
    id: string;
    entity: string;
    entity_key: string;
    status: string;
    attempts: number;
    last_error: string | null;
    uh_tstamp: Buffer | null;
    next_attempt_at: Date;
  }>(
    `SELECT id, entity, entity_key, status, attempts, last_error, uh_tstamp, next_attempt_at
     FROM sync.outbox WHERE $1::text IS NULL OR entity = $1 ORDER BY id`,
    [entity ?? null],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    uh_tstamp: row.uh_tstamp?.toString('hex') ?? null,
  }));
}
