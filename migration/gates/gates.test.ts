import { createTestDatabase, type TestDatabase } from '../../test/pg/createTestDatabase';
import { PgStore } from '../../stores/cloud/PgStore';
import { MigrationControlError } from '../migrationErrors';
import { GateFailedError, MigrationStore } from '../store/MigrationStore';

/**
 * The safety gates over a real database: readings are what the backfill, the sync workers and the outbox
 * leave in it, set here by hand as they would leave them.
 */
describe('phase changes judged by the gates', () => {
  let db: TestDatabase;
  let store: MigrationStore;
  let raw: PgStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new MigrationStore({ connectionString: db.url, max: 2 });
    raw = new PgStore({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await store.close();
    await raw.close();
    await db.drop();
  });

  const state = async () => ({
    phases: (await raw.query('SELECT * FROM migration.entity_phase ORDER BY entity')).rows,
    history: (await raw.query('SELECT count(*)::int AS n FROM migration.phase_history')).rows,
  });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'moved',
      (error: unknown) =>
        error instanceof GateFailedError ? `${error.code}\n${error.message}` : `other: ${String(error)}`,
    );
  const liveWorker = (direction: 'forward' | 'reverse') =>
    raw.query(
      `INSERT INTO sync.worker (direction, holder, heartbeat_at, state) VALUES ($1, 'test', now(), 'running')
       ON CONFLICT (direction) DO UPDATE SET heartbeat_at = now(), state = 'running'`,
      [direction],
    );
  const move = (phase: 'SHADOW' | 'CANARY' | 'CLOUD' | 'LEGACY', percent?: number, overrideGates = false) =>
    store.setPhase({
      entity: 'repairRequest',
      phase,
      percent,
      reason: `to ${phase}`,
      changedBy: 'carol',
      overrideGates,
    });

  it('refuses SHADOW before the backfill is complete and forward sync runs, listing each failing reading, and writes nothing', async () => {
    const before = await state();
    expect(await refusal(move('SHADOW'))).toBe(
      [
        'MIGRATION_GATE_FAILED',
        'repairRequest cannot move LEGACY -> SHADOW: 2 gate(s) failed',
        '  backfill complete: repairRequest notStarted (expected every table of the entity backfilled (housing sync backfill))',
        '  forward sync running: not running (expected a live forward worker (housing sync run, or housing start))',
        '  fix the readings, or move anyway with --override-gates (recorded, with the failing readings)',
      ].join('\n'),
    );
    expect(await state()).toEqual(before);
  });

  it('moves to SHADOW once the backfill is complete and the forward worker is live', async () => {
    await raw.query(
      `INSERT INTO sync.checkpoint (job, source, rows_done, completed) VALUES ('backfill', 'repairRequest', 10, true)`,
    );
    await liveWorker('forward');
    expect(await refusal(move('SHADOW'))).toBe('moved');
  });

  it('refuses CANARY while forward lag is unknown or high, reverse sync is not running, a write waits for UH too long, or the entity was never reconciled', async () => {
    await raw.query(
      `INSERT INTO sync.checkpoint (job, source, caught_up_at) VALUES ('forward', 'rmreqst', now() - interval '5 minutes')`,
    );
    await raw.query(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload, created_at)
       VALUES ('repairRequest', '90000001', 'INSERT', '{}', now() - interval '2 minutes')`,
    );
    const message = await refusal(move('CANARY', 10));
    expect(message.split('\n').slice(0, 6)).toEqual([
      'MIGRATION_GATE_FAILED',
      'repairRequest cannot move SHADOW -> CANARY 10%: 4 gate(s) failed',
      expect.stringMatching(/^ {2}forward sync lag: 30\d\.\d s \(rmreqst\) \(expected at most 60 s\)$/),
      '  reverse sync running: not running (expected a live reverse worker (housing sync run, or housing start), so cloud writes reach UH)',
      expect.stringMatching(
        /^ {2}outbox drained: 1 write\(s\) waiting for UH, oldest 12\d\.\d s \(expected no write waiting longer than 30 s\)$/,
      ),
      '  reconciliation clean: never reconciled: repairRequest (expected a reconciliation of every table within 24 h with every difference explained (housing reconcile))',
    ]);
  });

  const reconciled = (hoursAgo: number, differences: number, unexplained: number) =>
    raw.query(
      `INSERT INTO sync.reconcile_run (entity, started_at, finished_at, status, differences, unexplained)
       VALUES ('repairRequest', now() - make_interval(hours => $1), now() - make_interval(hours => $1), 'done', $2, $3)`,
      [hoursAgo, differences, unexplained],
    );

  it('refuses CANARY while the latest reconciliation left unexplained differences or is older than 24 h', async () => {
    await raw.query(`UPDATE sync.checkpoint SET caught_up_at = now() WHERE job = 'forward'`);
    await raw.query(`UPDATE sync.outbox SET status = 'APPLIED', applied_at = now()`);
    await liveWorker('forward');
    await liveWorker('reverse');
    await reconciled(30, 0, 0);
    const stale = await refusal(move('CANARY', 10));
    expect(stale.split('\n').slice(1, 3)).toEqual([
      'repairRequest cannot move SHADOW -> CANARY 10%: 1 gate(s) failed',
      expect.stringMatching(
        /^ {2}reconciliation clean: clean, 30\.0 h ago \(repairRequest\) \(expected a reconciliation of every table within 24 h/,
      ),
    ]);
    await reconciled(1, 3, 2);
    const dirty = await refusal(move('CANARY', 10));
    expect(dirty.split('\n')[2]).toMatch(
      /^ {2}reconciliation clean: 2 unexplained difference\(s\) \(repairRequest run \d+\) \(expected /,
    );
  });

  it('moves to CANARY when every reading holds (a recent reconciliation whose differences are all explained), and records the verdict with the readings', async () => {
    await liveWorker('forward');
    await liveWorker('reverse');
    await reconciled(0, 5, 0);
    expect(await refusal(move('CANARY', 10))).toBe('moved');
    const [change] = await store.history('repairRequest', 1);
    expect(change?.gateReadings).toMatchObject({
      verdict: {
        direction: 'forward',
        passed: true,
        checks: [
          { gate: 'backfill complete', passed: true },
          { gate: 'forward sync running', passed: true },
          { gate: 'forward sync lag', passed: true },
          { gate: 'reverse sync running', passed: true },
          { gate: 'outbox drained', passed: true, value: 'nothing waiting' },
          { gate: 'reconciliation clean', passed: true, value: 'clean, 0.0 h ago' },
        ],
      },
      reconciliation: { clean: true, unexplained: 0, sources: [{ source: 'repairRequest', differences: 5 }] },
    });
    expect(change?.gateReadings).not.toHaveProperty('override');
  });

  it('always lets an entity move back, even with every gate failing', async () => {
    await raw.query(`UPDATE sync.worker SET state = 'stopped'`);
    expect(await refusal(move('LEGACY'))).toBe('moved');
    const [change] = await store.history('repairRequest', 1);
    expect(change?.gateReadings).toMatchObject({ verdict: { direction: 'back', passed: true, checks: [] } });
  });

  it('moves forward anyway with overrideGates, recorded as an override with the failing readings', async () => {
    expect(await refusal(move('CLOUD', undefined, true))).toBe('moved');
    const [change] = await store.history('repairRequest', 1);
    expect(change?.gateReadings).toMatchObject({
      verdict: { passed: false },
      override: { reason: 'to CLOUD', by: 'carol' },
    });
    const failing = (
      change?.gateReadings as { verdict: { checks: { gate: string; passed: boolean }[] } }
    ).verdict.checks.filter((check) => !check.passed);
    expect(failing.map((check) => check.gate)).toEqual(['forward sync running', 'reverse sync running']);
  });

  it('is a MigrationControlError with its own code (the CLI exits 1 for it)', async () => {
    await raw.query(`UPDATE sync.checkpoint SET completed = false WHERE job = 'backfill'`);
    await move('LEGACY');
    const error = await move('SHADOW').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationControlError);
    expect((error as MigrationControlError).code).toBe('MIGRATION_GATE_FAILED');
  });
});
