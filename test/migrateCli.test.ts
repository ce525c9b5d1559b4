import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import { PgStore } from '../stores/cloud/PgStore';
import { cleanEnv, runHousing } from './helpers/runHousing';

// `housing migrate` as a user runs it, against a fresh database: set, status and history, every refusal
// exiting 2 with a message and leaving the phases and their history as they were.
describe('housing migrate (CLI)', () => {
  let db: TestDatabase;
  let raw: PgStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    raw = new PgStore({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await raw.close();
    await db.drop();
  });

  const migrate = (...args: string[]) => runHousing(['migrate', ...args], cleanEnv({ DATABASE_URL: db.url }));
  const dir = mkdtempSync(join(tmpdir(), 'housing-thresholds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    THRESHOLDS_BAD_KEY: join(dir, 'bad-key.json'),
    THRESHOLDS_BAD_VALUE: join(dir, 'bad-value.json'),
    THRESHOLDS_SMALL: join(dir, 'small.json'),
  };
  writeFileSync(files.THRESHOLDS_BAD_KEY!, '{"maxLag": 5}');
  writeFileSync(files.THRESHOLDS_BAD_VALUE!, '{"maxShadowMismatchRate": "1%"}');
  writeFileSync(files.THRESHOLDS_SMALL!, '{"minShadowComparisons": 3}');
  const tables = async () => ({
    phases: (await raw.query('SELECT * FROM migration.entity_phase ORDER BY entity')).rows,
    history: (await raw.query('SELECT * FROM migration.phase_history ORDER BY id')).rows,
  });
  const tableRows = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));

  it('status on a new database: every entity LEGACY with no shadow mismatches', async () => {
    const run = await migrate('status');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, ...rows] = tableRows(run.stdout);
    expect(header).toEqual([
      'entity',
      'phase',
      'percent',
      'changed by',
      'changed at',
      'shadow mismatches (24 h)',
      'reason',
    ]);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[5], r[6]])).toEqual(
      ['property', 'tenancy', 'person', 'repairRequest'].map((e) => [
        e,
        'LEGACY',
        '0%',
        'system',
        '0',
        'initial state',
      ]),
    );
  });

  it('set refuses a forward move whose safety gates fail: exit 1, each failing reading with its bound, nothing changed', async () => {
    const before = await tables();
    const run = await migrate('set', 'tenancy', 'CANARY', '--percent', '10', '--reason', 'too early');
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      'housing: MIGRATION_GATE_FAILED: tenancy cannot move LEGACY -> CANARY 10%: 7 gate(s) failed',
      '  backfill complete: tenureType notStarted, tenancy notStarted, rentTransaction notStarted (expected every table of the entity backfilled (housing sync backfill))',
      '  forward sync running: not running (expected a live forward worker (housing sync run, or housing start))',
    ]);
    expect(run.stderr).toContain(
      '  reconciliation clean: never reconciled: tenureType, tenancy, rentTransaction (expected a reconciliation of every table within 24 h with every difference explained (housing reconcile))',
    );
    expect(run.stderr).toContain('move anyway with --override-gates');
    expect(run.code).toBe(1);
    expect(await tables()).toEqual(before);
  });

  it('set prints one confirmation line and records who, when and why, with the gate readings (an override here)', async () => {
    const started = new Date();
    const run = await migrate(
      'set',
      'tenancy',
      'CANARY',
      '--percent',
      '10',
      '--reason',
      'canary for the repairs team',
      '--by',
      'alice',
      '--override-gates',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('tenancy: LEGACY -> CANARY 10% (by alice: canary for the repairs team)\n');
    const { phases, history } = await tables();
    expect(phases.find((p) => p.entity === 'tenancy')).toMatchObject({
      phase: 'CANARY',
      percent: 10,
      changed_by: 'alice',
      reason: 'canary for the repairs team',
    });
    expect(history).toHaveLength(1);
    const row = history[0];
    expect(row).toMatchObject({
      entity: 'tenancy',
      from_phase: 'LEGACY',
      from_percent: 0,
      to_phase: 'CANARY',
      to_percent: 10,
      changed_by: 'alice',
      reason: 'canary for the repairs team',
    });
    expect(row?.changed_at.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
    expect(row?.changed_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(row?.gate_readings).toMatchObject({
      backfill: {
        complete: false,
        sources: [
          { source: 'tenureType', state: 'notStarted' },
          { source: 'tenancy' },
          { source: 'rentTransaction' },
        ],
      },
      rejects: 0,
      reconciliation: { at: null, clean: false, unexplained: 0 },
      shadowMismatches: { windowHours: 24, count: 0 },
      verdict: { direction: 'forward', passed: false },
      override: { reason: 'canary for the repairs team', by: 'alice' },
    });
  });

  it('--by defaults to the OS user name; phases are case-insensitive', async () => {
    const run = await migrate(
      'set',
      'person',
      'shadow',
      '--reason',
      'compare reads first',
      '--override-gates',
    );
    expect(run.code).toBe(0);
    const me = userInfo().username;
    expect(run.stdout).toBe(`person: LEGACY -> SHADOW (by ${me}: compare reads first)\n`);
    const { history } = await tables();
    expect(history.at(-1)).toMatchObject({ entity: 'person', to_phase: 'SHADOW', changed_by: me });
  });

  it('status shows the changes and the shadow mismatches of the last 24 h (table and --json)', async () => {
    await raw.query(
      `INSERT INTO migration.shadow_mismatch (entity, operation_name, path, legacy_value, cloud_value, observed_at) VALUES
         ('person', 'P', 'person.surname', '"A"', '"B"', now() - interval '1 hour'),
         ('person', 'P', 'person.surname', '"A"', '"C"', now() - interval '2 hours'),
         ('tenancy', 'T', 'tenancy.balance', '"1.00"', '"1.10"', now() - interval '25 hours')`,
    );
    const table = await migrate('status');
    expect(table.code).toBe(0);
    const rows = tableRows(table.stdout).slice(1);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[5], r[6]])).toEqual([
      ['property', 'LEGACY', '0%', 'system', '0', 'initial state'],
      ['tenancy', 'CANARY', '10%', 'alice', '0', 'canary for the repairs team'],
      ['person', 'SHADOW', '0%', userInfo().username, '2', 'compare reads first'],
      ['repairRequest', 'LEGACY', '0%', 'system', '0', 'initial state'],
    ]);
    const json = await migrate('status', '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.entities.find((e: any) => e.entity === 'tenancy')).toMatchObject({
      phase: 'CANARY',
      percent: 10,
      changedBy: 'alice',
      reason: 'canary for the repairs team',
      shadowMismatches: 0,
    });
    expect(parsed.entities.find((e: any) => e.entity === 'person').shadowMismatches).toBe(2);
    expect(Date.now() - Date.parse(parsed.shadowMismatchesSince)).toBeGreaterThan(23.9 * 3_600_000);
  });

  it('history: newest first, by entity, limited, with gate readings in --json', async () => {
    const all = await migrate('history');
    expect(all.code).toBe(0);
    expect(tableRows(all.stdout).map((r) => r.slice(1))).toEqual([
      ['entity', 'from', 'to', 'changed by', 'reason'],
      ['person', 'LEGACY', 'SHADOW', userInfo().username, 'compare reads first'],
      ['tenancy', 'LEGACY', 'CANARY 10%', 'alice', 'canary for the repairs team'],
    ]);
    const one = await migrate('history', 'tenancy', '--json', '--limit', '1');
    expect(one.code).toBe(0);
    const changes = JSON.parse(one.stdout);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      entity: 'tenancy',
      toPhase: 'CANARY',
      toPercent: 10,
      changedBy: 'alice',
    });
    expect(changes[0].gateReadings.backfill.sources).toHaveLength(3);
    const none = await migrate('history', 'repairRequest');
    expect(none.stdout).toBe('no phase changes recorded\n');
  });

  it.each([
    [
      'an unknown entity',
      ['set', 'flat', 'CLOUD', '--reason', 'x'],
      'housing: unknown entity "flat"; expected one of property, tenancy, person, repairRequest',
    ],
    [
      'an unknown phase',
      ['set', 'tenancy', 'BETA', '--reason', 'x'],
      'housing: unknown phase "BETA"; expected one of LEGACY, SHADOW, CANARY, CLOUD',
    ],
    [
      'a percent that is not a number',
      ['set', 'tenancy', 'CANARY', '--percent', 'ten', '--reason', 'x'],
      `error: option '--percent <p>' argument 'ten' is invalid. percent: expected a whole number from 0 to 100, got "ten"`,
    ],
    [
      'CANARY without a percent',
      ['set', 'repairRequest', 'CANARY', '--reason', 'x'],
      'housing: CANARY needs --percent from 1 to 99 (the share of consumers served by the cloud), got none; use LEGACY or SHADOW for 0 and CLOUD for 100',
    ],
    [
      'CANARY at 100%',
      ['set', 'repairRequest', 'CANARY', '--percent', '100', '--reason', 'x'],
      'housing: CANARY needs --percent from 1 to 99',
    ],
    [
      'a percent for CLOUD',
      ['set', 'repairRequest', 'CLOUD', '--percent', '50', '--reason', 'x'],
      'housing: CLOUD takes no percent (it is always 100%), got 50; only CANARY has a percent',
    ],
    [
      'no reason',
      ['set', 'repairRequest', 'SHADOW'],
      `error: required option '--reason <text>' not specified`,
    ],
    [
      'a blank reason',
      ['set', 'repairRequest', 'SHADOW', '--reason', '   '],
      'housing: a reason is required: say why the phase changes (it is kept in the phase history)',
    ],
    [
      'a blank --by',
      ['set', 'repairRequest', 'SHADOW', '--reason', 'x', '--by', ' '],
      'housing: changed by: expected a name of 1 to 100 characters, got " "',
    ],
    [
      'the phase it is already in',
      ['set', 'tenancy', 'CANARY', '--percent', '10', '--reason', 'again'],
      'housing: tenancy is already CANARY 10% (since ',
    ],
    ['history of an unknown entity', ['history', 'flat'], 'housing: unknown entity "flat"'],
    ['gates of an unknown entity', ['gates', 'flat'], 'housing: unknown entity "flat"'],
    [
      'gates with a percent for CLOUD',
      ['gates', 'tenancy', 'CLOUD', '--percent', '5'],
      'housing: CLOUD takes no percent (it is always 100%), got 5',
    ],
    [
      'a thresholds file with an unknown key',
      ['set', 'repairRequest', 'SHADOW', '--reason', 'x', '--thresholds', 'THRESHOLDS_BAD_KEY'],
      'housing: --thresholds: thresholds file THRESHOLDS_BAD_KEY: unknown threshold "maxLag"; expected one of maxForwardLagSeconds, ',
    ],
    [
      'a thresholds file with a value of the wrong kind',
      ['gates', 'repairRequest', '--thresholds', 'THRESHOLDS_BAD_VALUE'],
      'housing: --thresholds: thresholds file THRESHOLDS_BAD_VALUE: maxShadowMismatchRate: expected a share from 0 to 1 (0.01 is 1%), got the string "1%"',
    ],
    [
      'history with a limit of 0',
      ['history', '--limit', '0'],
      `error: option '--limit <n>' argument '0' is invalid. expected a whole number from 1 to 1000, got "0"`,
    ],
  ])('%s: exit 2 with a message, nothing changed', async (_name, args, message) => {
    const before = await tables();
    const run = await migrate(...args.map((arg) => files[arg] ?? arg));
    expect(run.stderr).toContain(message.replace(/THRESHOLDS_\w+/, (name) => files[name] ?? name));
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(await tables()).toEqual(before);
  });

  it('gates: the readings and the verdict of the next step (or a named one), nothing changed; exit 1 when a gate fails', async () => {
    const before = await tables();
    const run = await migrate('gates', 'repairRequest');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const [verdict, ...table] = run.stdout.trim().split('\n');
    expect(verdict).toBe('repairRequest: LEGACY -> SHADOW: MIGRATION_GATE_FAILED (2 of 2 gates fail)');
    expect(table.map((line) => line.split(/\s{2,}/))).toEqual([
      ['gate', 'result', 'value', 'expected'],
      [
        'backfill complete',
        'FAIL',
        'repairRequest notStarted',
        'every table of the entity backfilled (housing sync backfill)',
      ],
      [
        'forward sync running',
        'FAIL',
        'not running',
        'a live forward worker (housing sync run, or housing start)',
      ],
    ]);
    // The thresholds a file sets are the ones judged (and shown), in --json with the readings.
    const json = await migrate(
      'gates',
      'person',
      'CANARY',
      '--percent',
      '20',
      '--json',
      '--thresholds',
      files.THRESHOLDS_SMALL!,
    );
    expect(json.code).toBe(1);
    const preview = JSON.parse(json.stdout);
    expect(preview).toMatchObject({
      entity: 'person',
      from: { phase: 'SHADOW', percent: 0 },
      to: { phase: 'CANARY', percent: 20 },
      verdict: { direction: 'forward', passed: false },
      readings: { shadowComparisons: { compared: 0 } },
      thresholds: { minShadowComparisons: 3, maxShadowMismatchRate: 0.01 },
    });
    expect(preview.verdict.checks).toContainEqual({
      gate: 'shadow comparisons',
      passed: false,
      value: '0 in 24 h',
      expected: 'at least 3 (reads in SHADOW compared with the cloud)',
    });
    // HOUSING_GATE_THRESHOLDS does the same when --thresholds is not given.
    const fromEnv = await runHousing(
      ['migrate', 'gates', 'person', '--json'],
      cleanEnv({ DATABASE_URL: db.url, HOUSING_GATE_THRESHOLDS: files.THRESHOLDS_SMALL! }),
    );
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({
      to: { phase: 'CANARY', percent: 10 },
      thresholds: { minShadowComparisons: 3 },
    });
    // A move back from SHADOW has no gates: allowed, exit 0.
    const back = await migrate('gates', 'person', 'LEGACY');
    expect([back.code, back.stdout]).toEqual([
      0,
      'person: SHADOW -> LEGACY: allowed (a move back)\nno gates: moving back from LEGACY or SHADOW is always allowed\n',
    ]);
    expect(await tables()).toEqual(before);
  });

  it('set --accept-loss: leaving CANARY with a cloud write not in UH is refused (exit 1, the write named) until the loss is accepted, and recorded', async () => {
    const { rows } = await raw.query<{ id: string }>(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload) VALUES ('tenancy', '0900001/01', 'UPDATE', '{}') RETURNING id`,
    );
    const id = rows[0]!.id;
    const refused = await migrate('set', 'tenancy', 'SHADOW', '--reason', 'roll back');
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').slice(0, 2)).toEqual([
      'housing: MIGRATION_GATE_FAILED: tenancy cannot move CANARY 10% -> SHADOW: 1 gate(s) failed',
      expect.stringMatching(
        new RegExp(
          `^ {2}no writes stranded: 1 cloud write\\(s\\) not in UH, oldest \\S+: tenancy 0900001/01 UPDATE \\(outbox ${id}\\)`,
        ),
      ),
    ]);
    expect(refused.stderr).toContain('or roll back anyway with --accept-loss');
    const gates = await migrate('gates', 'tenancy', 'SHADOW');
    expect(gates.stdout.split('\n')[0]).toBe(
      'tenancy: CANARY 10% -> SHADOW: MIGRATION_GATE_FAILED (1 of 1 gates fail; --accept-loss to roll back anyway)',
    );
    const moved = await migrate(
      'set',
      'tenancy',
      'SHADOW',
      '--reason',
      'roll back',
      '--by',
      'bob',
      '--accept-loss',
    );
    expect([moved.code, moved.stderr]).toEqual([0, '']);
    const [change] = (await tables()).history.slice(-1);
    expect(change?.gate_readings).toMatchObject({
      acceptedLoss: {
        by: 'bob',
        reason: 'roll back',
        stranded: { count: 1, writes: [{ key: '0900001/01' }] },
      },
    });
  });

  it('no DATABASE_URL and no stack running on the data dir: exit 1 saying what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'housing-migrate-'));
    try {
      const run = await runHousing(['migrate', 'status', '--data-dir', dir], cleanEnv());
      expect(run.stderr).toBe(
        `housing: no PostgreSQL to talk to: set DATABASE_URL, or start the stack first (housing start --data-dir ${dir})\n`,
      );
      expect(run.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a database without the migration tables: exit 1 saying to migrate it', async () => {
    const empty = await createTestDatabase({ empty: true });
    try {
      const run = await runHousing(
        ['migrate', 'set', 'tenancy', 'SHADOW', '--reason', 'x'],
        cleanEnv({ DATABASE_URL: empty.url }),
      );
      expect(run.stderr).toBe(
        'housing: the cloud database has no migration tables: apply its migrations first (housing db migrate)\n',
      );
      expect(run.code).toBe(1);
    } finally {
      await empty.drop();
    }
  });
});
