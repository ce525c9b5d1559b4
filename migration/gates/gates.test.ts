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
      'repairRequest cannot move SHADOW -> CANARY 10%: 6 gate(s) failed',
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

  const traffic = (minutesAgo: number, counts: Record<string, number>) =>
    raw.query(
      `INSERT INTO migration.entity_traffic (entity, minute, ${Object.keys(counts).join(', ')})
       VALUES ('repairRequest', date_trunc('minute', now() - make_interval(mins => $1)), ${Object.keys(counts)
         .map((_, i) => `$${i + 2}`)
         .join(', ')})
       ON CONFLICT (entity, minute) DO UPDATE SET ${Object.keys(counts)
         .map((key) => `${key} = migration.entity_traffic.${key} + EXCLUDED.${key}`)
         .join(', ')}`,
      [minutesAgo, ...Object.values(counts)],
    );
  const failing = (message: string) =>
    message
      .split('\n')
      .filter((line) => /^ {2}\S/.test(line))
      .slice(0, -1);

  it('refuses CANARY until enough shadow comparisons were made in the window, few enough of them differing', async () => {
    // Older than the 24 h window: not counted.
    await traffic(25 * 60, { shadow_matches: 5000 });
    await traffic(10, { shadow_matches: 900, shadow_mismatches: 40, shadow_failures: 10 });
    const few = failing(await refusal(move('CANARY', 10)));
    expect(few).toContain(
      '  shadow comparisons: 950 in 24 h (expected at least 1000 (reads in SHADOW compared with the cloud))',
    );
    expect(few).toContain(
      '  shadow mismatch rate: 5.26% (50 of 950, 10 cloud reads failed) (expected at most 1.00%)',
    );
    await traffic(5, { shadow_matches: 4050 });
    const enough = failing(await refusal(move('CANARY', 10)));
    expect(enough.filter((line) => line.includes('shadow'))).toEqual([]);
  });

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
          { gate: 'shadow comparisons', passed: true, value: '5000 in 24 h' },
          { gate: 'shadow mismatch rate', passed: true, value: '1.00% (50 of 5000, 10 cloud reads failed)' },
        ],
      },
      reconciliation: { clean: true, unexplained: 0, sources: [{ source: 'repairRequest', differences: 5 }] },
    });
    expect(change?.gateReadings).not.toHaveProperty('override');
  });

  it('refuses CLOUD until the cloud answered enough canary requests, with an error rate no worse than legacy’s', async () => {
    await liveWorker('forward');
    await liveWorker('reverse');
    await traffic(3, { cloud_requests: 400, cloud_errors: 0, legacy_requests: 3000, legacy_errors: 3 });
    expect(failing(await refusal(move('CLOUD')))).toEqual([
      '  canary requests: 400 answered by the cloud in 24 h (expected at least 1000 (a CANARY first))',
    ]);
    await traffic(2, { cloud_requests: 600, cloud_errors: 20 });
    expect(failing(await refusal(move('CLOUD')))).toEqual([
      "  canary error rate: cloud 2.00% (20 of 1000), legacy 0.10% (3 of 3000) (expected the cloud's at most legacy's + 0.10%)",
    ]);
    // Legacy fails as often: the cloud is no worse.
    await traffic(1, { legacy_requests: 1000, legacy_errors: 77 });
    expect(await refusal(move('CLOUD'))).toBe('moved');
    const [change] = await store.history('repairRequest', 1);
    expect(change?.gateReadings).toMatchObject({
      canary: { cloudRequests: 1000, cloudErrors: 20, legacyRequests: 4000, legacyErrors: 80 },
      verdict: { direction: 'forward', passed: true },
    });
  });

  const pendingWrite = async (key: string, status = 'PENDING') =>
    (
      await raw.query<{ id: string }>(
        `INSERT INTO sync.outbox (entity, entity_key, operation, payload, status, created_at)
         VALUES ('repairRequest', $1, 'UPDATE', '{}', $2, now() - interval '1 minute') RETURNING id`,
        [key, status],
      )
    ).rows[0]!.id;

  it('refuses to leave CLOUD while cloud writes have not reached UH, naming each, and moves with acceptLoss (recorded)', async () => {
    await raw.query(`UPDATE sync.worker SET state = 'stopped'`);
    const first = await pendingWrite('90000002');
    const dead = await pendingWrite('90000003', 'DEAD');
    const before = await state();
    const message = await refusal(move('CANARY', 50));
    expect(message.split('\n')).toEqual([
      'MIGRATION_GATE_FAILED',
      'repairRequest cannot move CLOUD -> CANARY 50%: 1 gate(s) failed',
      expect.stringMatching(
        new RegExp(
          `^ {2}no writes stranded: 2 cloud write\\(s\\) not in UH \\(1 listed dead letter\\(s\\)\\), oldest \\S+Z: ` +
            `repairRequest 90000002 UPDATE \\(outbox ${first}\\), repairRequest 90000003 UPDATE dead letter \\(outbox ${dead}\\) ` +
            `\\(expected every cloud write of the entity applied to UH`,
        ),
      ),
      '  let the reverse sync apply them (housing sync status, housing sync dead-letters), or roll back anyway with --accept-loss (recorded, with the stranded writes)',
    ]);
    expect(await state()).toEqual(before);
    // --override-gates is for forward moves: it does not strand writes.
    expect(await refusal(move('CANARY', 50, true))).toMatch(/no writes stranded/);
    await store.setPhase({
      entity: 'repairRequest',
      phase: 'CANARY',
      percent: 50,
      reason: 'cloud errors, roll back now',
      changedBy: 'dave',
      acceptLoss: true,
    });
    const [change] = await store.history('repairRequest', 1);
    expect(change?.gateReadings).toMatchObject({
      verdict: { direction: 'back', passed: false },
      acceptedLoss: {
        by: 'dave',
        reason: 'cloud errors, roll back now',
        stranded: {
          count: 2,
          writes: [
            { outboxId: Number(first), source: 'repairRequest', key: '90000002', status: 'PENDING' },
            { outboxId: Number(dead), source: 'repairRequest', key: '90000003', status: 'DEAD' },
          ],
        },
      },
    });
    await raw.query(
      `UPDATE sync.outbox SET status = 'APPLIED', applied_at = now() WHERE status <> 'APPLIED'`,
    );
  });

  it('leaving CANARY first waits for a live reverse worker to drain the outbox (bounded), without sleeping', async () => {
    await liveWorker('reverse');
    const waiting = await pendingWrite('90000004');
    let now = 1_000_000;
    const sleeps: number[] = [];
    const waits: unknown[] = [];
    const draining = new MigrationStore({
      connectionString: db.url,
      max: 2,
      onDrainWait: (wait) => void waits.push(wait),
      // The worker applies the write during the third pause.
      clock: {
        now: () => now,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
          if (sleeps.length === 3)
            await raw.query(`UPDATE sync.outbox SET status = 'APPLIED', applied_at = now() WHERE id = $1`, [
              waiting,
            ]);
        },
      },
    });
    try {
      await draining.setPhase({
        entity: 'repairRequest',
        phase: 'SHADOW',
        reason: 'drained',
        changedBy: 'erin',
      });
      expect(sleeps).toEqual([250, 250, 250]);
      expect(waits).toEqual([{ entity: 'repairRequest', pending: 1, maxSeconds: 30 }]);
      const [change] = await store.history('repairRequest', 1);
      expect(change?.gateReadings).toMatchObject({
        verdict: { direction: 'back', passed: true, checks: [{ gate: 'no writes stranded', passed: true }] },
      });
      // A write that never drains: waited for 30 s of the clock (rollbackDrainSeconds), then refused.
      await draining.setPhase({
        entity: 'repairRequest',
        phase: 'CANARY',
        percent: 5,
        reason: 'again',
        changedBy: 'erin',
        overrideGates: true,
      });
      await pendingWrite('90000005');
      sleeps.length = 0;
      const refused = await refusal(
        draining.setPhase({ entity: 'repairRequest', phase: 'SHADOW', reason: 'stuck', changedBy: 'erin' }),
      );
      expect(refused).toMatch(/no writes stranded: 1 cloud write\(s\) not in UH/);
      expect(sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
    } finally {
      await draining.close();
    }
    await raw.query(
      `UPDATE sync.outbox SET status = 'APPLIED', applied_at = now() WHERE status <> 'APPLIED'`,
    );
  });

  it('previews a change: the verdict and readings, nothing written', async () => {
    const before = await state();
    const preview = await store.previewPhaseChange({ entity: 'repairRequest', phase: 'CLOUD' });
    expect(preview).toMatchObject({
      entity: 'repairRequest',
      from: { phase: 'CANARY', percent: 5 },
      to: { phase: 'CLOUD', percent: 100 },
      verdict: { direction: 'forward' },
      readings: { canary: { cloudRequests: 1000 } },
      thresholds: { minCanaryRequests: 1000 },
    });
    expect(preview.message === null).toBe(preview.verdict.passed);
    expect(await state()).toEqual(before);
  });

  it('always lets an entity move back, even with every gate failing', async () => {
    await raw.query(`UPDATE sync.worker SET state = 'stopped'`);
    expect(await refusal(move('LEGACY'))).toBe('moved');
    const [change] = await store.history('repairRequest', 1);
    expect(change?.gateReadings).toMatchObject({
      verdict: { direction: 'back', passed: true, checks: [{ gate: 'no writes stranded', passed: true }] },
    });
  });

  it('the guard moves only an entity still in the phase it judged', async () => {
    const refused = await store
      .setPhase({
        entity: 'repairRequest',
        phase: 'SHADOW',
        reason: 'auto',
        changedBy: 'auto-guard',
        ifPhase: { phase: 'CANARY', percent: 5 },
      })
      .catch((error: unknown) => (error as MigrationControlError).message);
    expect(refused).toMatch(
      /^repairRequest is no longer CANARY 5% \(it is LEGACY since .*\); nothing changed$/,
    );
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
