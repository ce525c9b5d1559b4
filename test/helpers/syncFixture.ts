import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMssqlUrl, type MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { PgStore } from '../../stores/cloud/PgStore';
import { UhStore } from '../../stores/uh/UhStore';
import { runBackfill } from '../../sync/backfill/runBackfill';
import { startUhSimulator, type UhSimulatorHandle } from '../../uh-simulator/startUhSimulator';
import { createTestDatabase, type TestDatabase } from '../pg/createTestDatabase';
import { cleanEnv, spawnHousing, type HousingProcess } from './runHousing';

/**
 * What the sync's end-to-end tests run on: a tiny-seeded UH simulator in a file of its own (so it can be
 * stopped and started again on the same port, as a UH behind a dropping VPN), a migrated and backfilled
 * PostgreSQL database, and `housing sync run` as a child process (so a test can SIGKILL it).
 */
export interface SyncFixture {
  readonly uh: MssqlConnectionConfig;
  readonly uhUrl: string;
  readonly db: TestDatabase;
  /** For the test's own reads and writes of the cloud database. */
  readonly pg: PgStore;
  /** For the test's own writes to UH, as a legacy application makes them. */
  readonly uhStore: UhStore;
  /** UH goes away (the port stops answering) ... */
  stopUh(): Promise<void>;
  /** ... and comes back on the same port with the same data. */
  startUh(): Promise<void>;
  /** `housing sync run` on this fixture; `crashAt` arms HOUSING_SYNC_CRASH_AT. */
  spawnWorker(options?: { crashAt?: string; extraArgs?: readonly string[] }): HousingProcess;
  close(): Promise<void>;
}

export async function startSyncFixture(): Promise<SyncFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'housing-sync-'));
  const file = join(dir, 'uh.sqlite');
  let simulator: UhSimulatorHandle | undefined = await startUhSimulator({ file, seed: 'tiny' });
  const port = simulator.port;
  const uhUrl = simulator.url;
  const uh = parseMssqlUrl('uh', uhUrl);
  const db = await createTestDatabase();
  await runBackfill({ uh, cloudUrl: db.url });
  const pg = new PgStore({ connectionString: db.url, max: 4 });
  const uhStore = new UhStore({ connection: uh, timeoutMs: 10_000, maxConnections: 4 });
  const workers: HousingProcess[] = [];
  return {
    uh,
    uhUrl,
    db,
    pg,
    uhStore,
    stopUh: async () => {
      await simulator?.close();
      simulator = undefined;
    },
    startUh: async () => {
      simulator ??= await startUhSimulator({ file, port });
    },
    spawnWorker: (options = {}) => {
      const worker = spawnHousing(
        ['sync', 'run', '--port', '0', ...(options.extraArgs ?? [])],
        cleanEnv({
          DATABASE_URL: db.url,
          MSSQL_URL: uhUrl,
          LOG_LEVEL: 'warn',
          ...(options.crashAt === undefined ? {} : { HOUSING_SYNC_CRASH_AT: options.crashAt }),
        }),
      );
      workers.push(worker);
      return worker;
    },
    close: async () => {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await uhStore.close();
      await pg.close();
      await db.drop();
      await simulator?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Moves entities straight to a phase (these tests are about the sync, not the gates, which have their own). */
export async function setPhases(
  pg: PgStore,
  phases: Readonly<Record<string, 'LEGACY' | 'SHADOW' | 'CLOUD'>>,
): Promise<void> {
  for (const [entity, phase] of Object.entries(phases)) {
    await pg.query(
      `UPDATE migration.entity_phase SET phase = $2, percent = CASE $2 WHEN 'CLOUD' THEN 100 ELSE 0 END,
         changed_by = 'jest', reason = 'sync test', changed_at = now() WHERE entity = $1`,
      [entity, phase],
    );
  }
}

/**
 * Waits until both directions have passed everything written before now: every forward checkpoint caught
 * up after this moment (by the database's clock) and no outbox row pending. Polls the state the workers
 * leave in the database; fails with what it last saw.
 */
export async function waitUntilSynced(pg: PgStore, timeoutMs = 60_000): Promise<void> {
  const since = (await pg.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    const state = await pg.query<{ behind: string; pending: string; tables: string }>(
      `SELECT (SELECT count(*) FROM sync.checkpoint WHERE job = 'forward' AND (caught_up_at IS NULL OR caught_up_at <= $1)) AS behind,
              (SELECT count(*) FROM sync.checkpoint WHERE job = 'forward') AS tables,
              (SELECT count(*) FROM sync.outbox WHERE status = 'PENDING') AS pending`,
      [since],
    );
    const row = state.rows[0]!;
    seen = JSON.stringify(row);
    if (Number(row.tables) > 0 && Number(row.behind) === 0 && Number(row.pending) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the sync did not catch up within ${timeoutMs} ms; last seen ${seen}`);
}

/**
 * Waits until forward capture's key sweep has removed every transaction of the write load's batch that UH
 * no longer has (the sweep runs on its own interval; `housing sync run --sweep-interval 1` in these tests).
 */
export async function waitForSweep(fixture: SyncFixture, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let extra: string[] = [];
  while (Date.now() < deadline) {
    const uh = await fixture.uhStore.query<{ transno: number }>({
      name: 'test.loadTransactions',
      text: 'SELECT transno FROM dbo.rtrans WHERE batchid = 990000',
      params: [],
    });
    const cloud = await fixture.pg.query<{ trans_no: number }>(
      'SELECT trans_no FROM finance.rent_transaction WHERE batch_id = 990000',
    );
    const inUh = new Set(uh.map((row) => row.transno));
    extra = cloud.rows.map((row) => String(row.trans_no)).filter((no) => !inUh.has(Number(no)));
    if (extra.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the delete sweep left ${extra.length} deleted transaction(s) in the cloud: ${extra.join(', ')}`,
  );
}

/** The tables the sync keeps, each with its key: compared row for row. */
const SYNCED_TABLES: readonly { table: string; key: string }[] = [
  { table: 'housing.tenure_type', key: 'code' },
  { table: 'housing.property', key: 'reference' },
  { table: 'housing.property_parent_claim', key: 'child_reference, source, parent_reference' },
  { table: 'housing.tenancy', key: 'reference' },
  { table: 'housing.household_member', key: 'id' },
  { table: 'housing.contact_details', key: 'house_ref' },
  { table: 'repairs.repair_request', key: 'reference' },
  { table: 'finance.rent_transaction', key: 'batch_id, trans_no, line_no, line_segno' },
];

/** Which side last wrote a row, and when: bookkeeping, not data. */
const BOOKKEEPING = new Set(['synced_at', 'mastered_in']);

/**
 * The cloud as the sync left it, against a fresh backfill of UH as it is now: the backfill is the
 * reference mapping of UH into the cloud model, so after the sync has caught up every synced table must
 * hold exactly what a new backfill would write, rowversions included (the cloud holds each row's latest
 * version). Returns the differences, at most `limit`, as readable lines; none means the stores agree.
 */
export async function diffAgainstFreshBackfill(
  uh: MssqlConnectionConfig,
  synced: PgStore,
  limit = 20,
): Promise<string[]> {
  const fresh = await createTestDatabase();
  const reference = new PgStore({ connectionString: fresh.url, max: 2 });
  try {
    await runBackfill({ uh, cloudUrl: fresh.url });
    const differences: string[] = [];
    for (const { table, key } of SYNCED_TABLES) {
      const read = async (store: PgStore) => {
        const rows = (await store.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
        return new Map(
          rows.map((row: Record<string, unknown>) => {
            const kept = Object.fromEntries(
              Object.entries(row)
                .filter(([column]) => !BOOKKEEPING.has(column))
                .map(([column, value]) => [column, Buffer.isBuffer(value) ? value.toString('hex') : value]),
            );
            const id = key
              .split(', ')
              .map((column) => String(row[column]))
              .join('|');
            return [id, JSON.stringify(kept)];
          }),
        );
      };
      const expected = await read(reference);
      const actual = await read(synced);
      for (const [id, row] of expected) {
        const got = actual.get(id);
        if (got === undefined) differences.push(`${table} ${id}: missing in the cloud; UH has ${row}`);
        else if (got !== row) differences.push(`${table} ${id}: cloud ${got} but UH gives ${row}`);
      }
      for (const [id, row] of actual) {
        if (!expected.has(id)) differences.push(`${table} ${id}: in the cloud only: ${row}`);
      }
    }
    return differences.slice(0, limit);
  } finally {
    await reference.close();
    await fresh.drop();
  }
}
