import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../test/pg/createTestDatabase';
import { PgStore } from '../stores/cloud/PgStore';
import { MigrationStore } from './store/MigrationStore';
import { PhaseWatcher } from './PhaseWatcher';
import type { Entity, EntityPhase } from './phases';

// The gateway's live view of the phases, over a real database: a change is seen within 2 s, a database
// that refuses connections leaves the last phases in force (logged once), and service resumes by itself.
describe('PhaseWatcher', () => {
  let db: TestDatabase;
  let store: MigrationStore;
  let admin: PgStore;
  const watchers: PhaseWatcher[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new MigrationStore({ connectionString: db.url, timeoutMs: 1000 });
    admin = new PgStore({ connectionString: process.env.HOUSING_TEST_PG_ADMIN_URL ?? '', max: 1 });
  });
  afterEach(() => watchers.splice(0).forEach((w) => w.stop()));
  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`);
    await store.close();
    await admin.close();
    await db.drop();
  });

  const logged = () => {
    const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    return { lines, logger };
  };
  const watch = (options: ConstructorParameters<typeof PhaseWatcher>[0]) => {
    const watcher = new PhaseWatcher(options);
    watchers.push(watcher);
    return watcher;
  };
  const until = async (what: string, condition: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const summary = (phases: ReadonlyMap<Entity, EntityPhase> | null) =>
    phases === null ? null : [...phases.values()].map((p) => `${p.entity}=${p.phase}/${p.percent}`);

  it('loads on start and sees a phase change within 2 s at the default interval', async () => {
    const changes: string[][] = [];
    const watcher = watch({
      read: () => store.readPhases(),
      onChange: (p) => changes.push(summary(p) ?? []),
    });
    await watcher.start();
    expect(watcher.loaded).toBe(true);
    expect(watcher.lastError).toBeNull();
    expect(summary(watcher.current())).toEqual([
      'property=LEGACY/0',
      'tenancy=LEGACY/0',
      'person=LEGACY/0',
      'repairRequest=LEGACY/0',
    ]);

    await store.setPhase({
      entity: 'tenancy',
      phase: 'CANARY',
      percent: 10,
      reason: 'canary',
      changedBy: 'alice',
      overrideGates: true,
    });
    const changedAt = Date.now();
    await until('tenancy CANARY seen', () => watcher.current()?.get('tenancy')?.phase === 'CANARY', 5000);
    expect(Date.now() - changedAt).toBeLessThan(2000);
    expect(watcher.current()?.get('tenancy')).toMatchObject({
      percent: 10,
      changedBy: 'alice',
      reason: 'canary',
    });
    await sleep(1200); // another read or two with nothing new: no further onChange
    expect(changes).toEqual([
      ['property=LEGACY/0', 'tenancy=LEGACY/0', 'person=LEGACY/0', 'repairRequest=LEGACY/0'],
      ['property=LEGACY/0', 'tenancy=CANARY/10', 'person=LEGACY/0', 'repairRequest=LEGACY/0'],
    ]);
  });

  it('keeps the last phases while the database refuses connections, logs the outage once, and recovers by itself', async () => {
    const { lines, logger } = logged();
    let reads = 0;
    const watcher = watch({
      read: () => {
        reads += 1;
        return store.readPhases();
      },
      intervalMs: 50,
      logger,
    });
    await watcher.start();
    const before = summary(watcher.current());
    expect(before).toContain('tenancy=CANARY/10');

    // A real outage: the database stops accepting connections and the pool's open ones are cut.
    await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
    await until('a failed read', () => watcher.lastError !== null);
    const readsAtOutage = reads;
    await until('five more failed reads', () => reads >= readsAtOutage + 5);
    expect(watcher.lastError?.message).toMatch(/the migration phases could not be read or written/);
    expect(watcher.loaded).toBe(true);
    expect(summary(watcher.current())).toEqual(before);
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([
      'migration phases unreadable: keeping the last known phases until the database answers again',
    ]);

    await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`);
    await until('recovery', () => watcher.lastError === null);
    await store.setPhase({
      entity: 'person',
      phase: 'SHADOW',
      reason: 'after the outage',
      changedBy: 'bob',
      overrideGates: true,
    });
    await until('person SHADOW seen', () => watcher.current()?.get('person')?.phase === 'SHADOW');
    const recovered = lines.filter((l) => l.msg === 'migration phases readable again');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.failedReads).toBeGreaterThanOrEqual(5);
    expect(lines.filter((l) => l.level >= 40)).toHaveLength(1);
  });

  it('starts without a database: resolves, not loaded, error kept, then loads when it answers', async () => {
    const { lines, logger } = logged();
    const nowhere = new MigrationStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      timeoutMs: 500,
    });
    let target = nowhere;
    const watcher = watch({ read: () => target.readPhases(), intervalMs: 50, logger });
    try {
      await watcher.start();
      expect(watcher.loaded).toBe(false);
      expect(watcher.current()).toBeNull();
      expect(watcher.lastError?.message).toMatch(/could not be read or written/);
      expect(lines.map((l) => l.msg)).toEqual(['migration phases unreadable and none loaded yet']);
      target = store;
      await until('loaded', () => watcher.loaded);
      expect(watcher.current()?.get('person')?.phase).toBe('SHADOW');
    } finally {
      await nowhere.close();
    }
  });

  it('never overlaps reads, and reads nothing after stop()', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let reads = 0;
    const watcher = watch({
      read: async () => {
        reads += 1;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await sleep(120); // slower than the interval
          return await store.readPhases();
        } finally {
          inFlight -= 1;
        }
      },
      intervalMs: 5,
    });
    await watcher.start();
    await sleep(600);
    expect(maxInFlight).toBe(1);
    expect(reads).toBeGreaterThanOrEqual(3);
    watcher.stop();
    await sleep(150); // the read in flight (if any) ends
    const readsAtStop = reads;
    await sleep(300);
    expect(reads).toBe(readsAtStop);
    expect(inFlight).toBe(0);
    await expect(watcher.start()).rejects.toThrow('PhaseWatcher: start() called on a stopped watcher');
  });

  it('validates its options', () => {
    expect(() => new PhaseWatcher({ read: () => store.readPhases(), intervalMs: 0 })).toThrow(
      'PhaseWatcher: intervalMs must be a number of 1 or more, got 0',
    );
  });
});
