import { createTestDatabase, type TestDatabase } from '../../test/pg/createTestDatabase';
import { PgStore } from '../../stores/cloud/PgStore';
import { LegacyStoreUnavailableError } from '../../stores/uh/legacyStoreErrors';
import type { CycleReport, SyncDirection } from './SyncDirection';
import { SyncWorker, type WorkerState } from './SyncWorker';
import type { WorkerClock } from './WorkerClock';

/**
 * The runner over a real PostgreSQL (the advisory lock and sync.worker are what it is about), driving a
 * scripted direction: each cycle takes the next step of a script. Waits are recorded by a clock whose
 * sleep yields without waiting, so backoff and poll intervals are asserted exactly, with no wall-clock sleeps.
 */
class ScriptedDirection implements SyncDirection {
  readonly cycles: number[] = [];
  private step = 0;
  constructor(
    readonly direction: 'forward' | 'reverse',
    private readonly script: readonly (CycleReport | Error)[],
    private readonly idle: CycleReport = { more: false, applied: 0, sources: [] },
  ) {}
  async cycle(): Promise<CycleReport> {
    const next = this.script[this.step] ?? this.idle;
    this.cycles.push(this.step);
    this.step += 1;
    if (next instanceof Error) throw next;
    return next;
  }
}

/** sleep() records the pause and yields a macrotask; after `limit` sleeps it stops the worker via onLimit. */
function recordingClock(): WorkerClock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  let now = 0;
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function stateWaiter(): {
  onStateChange: (state: WorkerState) => void;
  reached: (state: WorkerState) => Promise<void>;
} {
  const seen = new Set<WorkerState>();
  const waiting = new Map<WorkerState, (() => void)[]>();
  return {
    onStateChange: (state) => {
      seen.add(state);
      for (const wake of waiting.get(state) ?? []) wake();
      waiting.delete(state);
    },
    reached: (state) =>
      seen.has(state)
        ? Promise.resolve()
        : new Promise((resolve) => waiting.set(state, [...(waiting.get(state) ?? []), resolve])),
  };
}

const report = (applied: number, more: boolean): CycleReport => ({
  more,
  applied,
  sources: [{ source: 'tenagree', lagSeconds: 0, lagRows: 0, applied }],
});

describe('SyncWorker', () => {
  let db: TestDatabase;
  let raw: PgStore;
  const stores: PgStore[] = [];
  const newStore = () => {
    const store = new PgStore({ connectionString: db.url, max: 2 });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    raw = new PgStore({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await raw.close();
    await db.drop();
  });

  it('runs cycles back to back while they report more, waits the poll interval otherwise, and backs off doubling after failures', async () => {
    const clock = recordingClock();
    const direction = new ScriptedDirection('forward', [
      report(5, true),
      report(3, false),
      new LegacyStoreUnavailableError('no answer within 5000 ms'),
      new LegacyStoreUnavailableError('no answer within 5000 ms'),
      new LegacyStoreUnavailableError('no answer within 5000 ms'),
      report(2, false),
    ]);
    const worker = new SyncWorker({
      direction,
      pg: newStore(),
      clock,
      pollIntervalMs: 250,
      backoffInitialMs: 500,
      backoffMaxMs: 1_500,
    });
    worker.start();
    while (direction.cycles.length < 7) await new Promise((resolve) => setImmediate(resolve));
    await worker.stop();
    // more -> no wait; then poll; three failures: 500, 1000, 1500 (capped); success: poll.
    expect(clock.sleeps.slice(0, 5)).toEqual([250, 500, 1000, 1500, 250]);
    const row = await raw.query(`SELECT direction, state, holder FROM sync.worker`);
    expect(row.rows).toEqual([
      { direction: 'forward', state: 'stopped', holder: expect.stringMatching(/pid \d+$/) },
    ]);
  });

  it('records the last error and backoff state in sync.worker while a store is away, and clears it when a cycle succeeds', async () => {
    const clock = recordingClock();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const direction: SyncDirection = {
      direction: 'reverse',
      cycle: async () => {
        calls += 1;
        if (calls === 1) throw new LegacyStoreUnavailableError('connection refused');
        if (calls === 2) await held;
        return report(1, false);
      },
    };
    const worker = new SyncWorker({ direction, pg: newStore(), clock, heartbeatIntervalMs: 1 });
    worker.start();
    while (calls < 2) await new Promise((resolve) => setImmediate(resolve));
    const during = await raw.query(`SELECT state, last_error FROM sync.worker WHERE direction = 'reverse'`);
    expect(during.rows).toEqual([{ state: 'backoff', last_error: 'UH is unavailable: connection refused' }]);
    release();
    while (calls < 4) await new Promise((resolve) => setImmediate(resolve));
    const after = await raw.query(
      `SELECT state, last_error, readings->'sources'->0->>'source' AS source FROM sync.worker WHERE direction = 'reverse'`,
    );
    expect(after.rows).toEqual([{ state: 'running', last_error: null, source: 'tenagree' }]);
    await worker.stop();
  });

  it('lets one worker per direction run: a second stands by, and takes over when the first stops or its session dies', async () => {
    const states = stateWaiter();
    const first = new ScriptedDirection('forward', []);
    const second = new ScriptedDirection('forward', []);
    const a = new SyncWorker({ direction: first, pg: newStore(), pollIntervalMs: 5, holder: 'worker a' });
    a.start();
    while (first.cycles.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const b = new SyncWorker({
      direction: second,
      pg: newStore(),
      pollIntervalMs: 5,
      standbyIntervalMs: 20,
      holder: 'worker b',
      onStateChange: states.onStateChange,
    });
    b.start();
    await states.reached('standby');
    expect(second.cycles).toEqual([]);
    // Kill the first worker's lock session from outside, as a dead process or a cut connection would.
    await raw.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7240100 AND objid = 2 AND granted`,
    );
    await states.reached('running');
    expect(second.cycles.length).toBeGreaterThan(0);
    const holder = await raw.query(`SELECT holder FROM sync.worker WHERE direction = 'forward'`);
    expect(holder.rows).toEqual([{ holder: 'worker b' }]);
    // The first worker notices its lost session and stands by (b holds the lock now).
    await a.stop();
    await b.stop();
  });

  it('shows itself stopped when stopped while backing off from a lost lock session', async () => {
    const states = stateWaiter();
    const direction = new ScriptedDirection('forward', []);
    const worker = new SyncWorker({
      direction,
      pg: newStore(),
      pollIntervalMs: 5,
      heartbeatIntervalMs: 1,
      backoffInitialMs: 60_000,
      holder: 'worker c',
      onStateChange: states.onStateChange,
    });
    worker.start();
    await states.reached('running');
    await raw.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7240100 AND objid = 2 AND granted`,
    );
    await states.reached('backoff');
    await worker.stop();
    const row = await raw.query(`SELECT state, holder FROM sync.worker WHERE direction = 'forward'`);
    expect(row.rows).toEqual([{ state: 'stopped', holder: 'worker c' }]);
  });

  it('refuses a non-positive interval with what was expected', () => {
    expect(
      () =>
        new SyncWorker({
          direction: new ScriptedDirection('forward', []),
          pg: newStore(),
          pollIntervalMs: 0,
        }),
    ).toThrow('SyncWorker: pollIntervalMs must be a positive number of milliseconds, got 0');
  });
});
