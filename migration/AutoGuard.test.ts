import { createTestDatabase, type TestDatabase } from '../test/pg/createTestDatabase';
import { PgStore } from '../stores/cloud/PgStore';
import { AutoGuard, type GuardAction } from './AutoGuard';
import { DEFAULT_GATE_THRESHOLDS } from './gates/gateThresholds';
import { MigrationStore, noTraffic } from './store/MigrationStore';

/**
 * The automatic guard over a real database, on an injected clock: the counts are what gateways leave in
 * migration.entity_traffic, set here by hand; time moves only when the test says.
 */
describe('AutoGuard', () => {
  let db: TestDatabase;
  let store: MigrationStore;
  let guardStore: MigrationStore;
  let raw: PgStore;
  let now = 1_000_000;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const thresholds = { ...DEFAULT_GATE_THRESHOLDS, guardMinRequests: 50, guardSustainedSeconds: 120 };
  let actions: GuardAction[];
  let guard: AutoGuard;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new MigrationStore({ connectionString: db.url, max: 2 });
    guardStore = new MigrationStore({ connectionString: db.url, max: 2, clock });
    raw = new PgStore({ connectionString: db.url, max: 2 });
    guard = new AutoGuard({ store: guardStore, thresholds, clock, onAction: (a) => void actions.push(a) });
  });
  beforeEach(() => (actions = []));
  afterAll(async () => {
    await store.close();
    await guardStore.close();
    await raw.close();
    await db.drop();
  });

  const put = (entity: string, phase: 'CANARY' | 'CLOUD' | 'SHADOW', percent?: number) =>
    store.setPhase({
      entity: entity as 'tenancy',
      phase,
      percent,
      reason: 'test',
      changedBy: 'jest',
      overrideGates: true,
    });
  const traffic = (entity: string, counts: Record<string, number>) =>
    store.recordEntityTraffic([
      {
        entity,
        minute: new Date(),
        ...noTraffic(),
        ...counts,
      },
    ]);
  const kinds = (result: Awaited<ReturnType<AutoGuard['tick']>>) =>
    result === 'busy' ? 'busy' : result.map((a) => `${a.entity}:${a.kind}`);

  it('leaves an entity alone while its rates hold, or are judged over too few requests', async () => {
    await put('tenancy', 'CANARY', 20);
    await traffic('tenancy', { cloudRequests: 200, cloudErrors: 4, shadowMatches: 100, shadowMismatches: 2 });
    await traffic('person', { cloudRequests: 10, cloudErrors: 10 }); // person is LEGACY: not guarded
    expect(kinds(await guard.tick())).toEqual([]);
  });

  it('moves a CANARY back to SHADOW once the cloud error rate stays over its limit for the sustained period', async () => {
    await traffic('tenancy', { cloudRequests: 100, cloudErrors: 30 }); // 34 of 300: 11.33%
    expect(kinds(await guard.tick())).toEqual(['tenancy:breaching']);
    now += 60_000;
    expect(actions.at(-1)).toMatchObject({ kind: 'breaching', sinceMs: 0 });
    expect(kinds(await guard.tick())).toEqual(['tenancy:breaching']);
    now += 60_000;
    expect(kinds(await guard.tick())).toEqual(['tenancy:rolledBack']);
    expect((await store.readPhases()).find((p) => p.entity === 'tenancy')).toMatchObject({
      phase: 'SHADOW',
      changedBy: 'auto-guard',
      reason: 'auto-guard: cloud error rate 11.33% (34 of 300) above 5.00% over the last 300 s, for 120 s',
    });
    const [change] = await store.history('tenancy', 1);
    expect(change).toMatchObject({
      fromPhase: 'CANARY',
      fromPercent: 20,
      toPhase: 'SHADOW',
      changedBy: 'auto-guard',
    });
    expect(change?.gateReadings).toMatchObject({
      supplied: {
        guard: {
          breaches: [{ rate: 'cloudErrorRate', part: 34, whole: 300, limit: 0.05 }],
          traffic: { cloudRequests: 300, cloudErrors: 34 },
          windowSeconds: 300,
          sustainedMs: 120_000,
        },
      },
      verdict: { direction: 'back', passed: true },
    });
    // In SHADOW the guard has nothing to watch.
    now += 120_000;
    expect(kinds(await guard.tick())).toEqual([]);
  });

  it('moves CLOUD back to the canary it came from on a shadow mismatch rate over its limit; a phase change meanwhile starts the period over', async () => {
    await put('property', 'CANARY', 30);
    await put('property', 'CLOUD');
    await traffic('property', { shadowMatches: 90, shadowMismatches: 6, shadowFailures: 4 });
    expect(kinds(await guard.tick())).toEqual(['property:breaching']);
    now += 100_000;
    // Someone moves it (CLOUD -> CANARY 60 -> CLOUD): the period the guard saw ends with the phase.
    await put('property', 'CANARY', 60);
    await put('property', 'CLOUD');
    await traffic('property', { shadowMatches: 90, shadowMismatches: 6, shadowFailures: 4 });
    now += 100_000;
    expect(actions.splice(0)).toHaveLength(1);
    expect(kinds(await guard.tick())).toEqual(['property:breaching']);
    expect(actions.at(-1)).toMatchObject({ sinceMs: 0 });
    now += 120_000;
    expect(kinds(await guard.tick())).toEqual(['property:rolledBack']);
    expect(actions.at(-1)).toMatchObject({ kind: 'rolledBack', to: { phase: 'CANARY', percent: 60 } });
    await put('property', 'SHADOW');
  });

  it('does not strand cloud writes: blocked (and said why) until a person accepts the loss or the writes drain', async () => {
    await put('repairRequest', 'CANARY', 50);
    await put('repairRequest', 'CLOUD');
    await raw.query(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload) VALUES ('repairRequest', '90000001', 'UPDATE', '{}')`,
    );
    await traffic('repairRequest', { cloudRequests: 60, cloudErrors: 60 });
    await guard.tick();
    now += 120_000;
    expect(kinds(await guard.tick())).toEqual(['repairRequest:blocked']);
    expect(actions.at(-1)).toMatchObject({
      kind: 'blocked',
      message: expect.stringMatching(/no writes stranded: 1 cloud write\(s\) not in UH/),
    });
    expect((await store.readPhases()).find((p) => p.entity === 'repairRequest')?.phase).toBe('CLOUD');
  });

  it('one replica judges at a time: another finds the lock taken', async () => {
    const other = new AutoGuard({ store, thresholds, clock });
    expect(await guardStore.withGuardLock(() => other.tick())).toBe('busy');
  });
});
