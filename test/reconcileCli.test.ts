import { startBackfillHarness, type BackfillHarness } from '../sync/backfill/test/backfillHarness';
import { runBackfill } from '../sync/backfill/runBackfill';
import type { PgStore } from '../stores/cloud/PgStore';
import { cleanEnv, runHousing } from './helpers/runHousing';

// `housing reconcile` and `housing reconcile history` as a user runs them, over a tiny-seeded simulator
// and its backfilled cloud database.
describe('housing reconcile (CLI)', () => {
  let h: BackfillHarness;
  let pg: PgStore;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    h = await startBackfillHarness();
    const db = await h.database();
    pg = db.store;
    await runBackfill({ uh: h.uh, cloudUrl: db.url });
    env = cleanEnv({ DATABASE_URL: db.url, MSSQL_URL: h.simulator.url });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('prints one line per entity and exits 0 when every difference is explained', async () => {
    const run = await runHousing(['reconcile'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^entity +UH rows +cloud rows +compared +ranges +row hashes +rows fetched +differences +explained +unexplained +seconds +run$/,
    );
    expect(run.stdout).toMatch(/^property +51 +50 +51 .* 1 +1 +0 +\d+\.\d +\d+$/m);
    expect(run.stdout).toMatch(/rows compared in \d+\.\d s \([\d,]+ rows\/s\); no unexplained difference\n/);
    expect(run.stdout).toMatch(
      /^property +GARAGE-7A +missing in cloud +\{.* +- +explained: backfill reject \(backfill: prop_ref is not a property reference of up to 8 digits\)$/m,
    );
    expect(run.stdout).toMatch(/^tenancy +\(blank\) +missing in cloud /m);
  });

  it('exits 1 with an unexplained difference, and --json gives every difference with its class', async () => {
    await pg.query(`UPDATE housing.tenancy SET rent = 1.00 WHERE reference = '0900006/01'`);
    const run = await runHousing(['reconcile', '--entity', 'tenancy', '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      unexplained: number;
      entities: { entity: string; differences: unknown[] }[];
    };
    expect(report.unexplained).toBe(1);
    expect(report.entities.map((e) => e.entity)).toEqual(['tenancy']);
    expect(report.entities[0]?.differences).toEqual([
      {
        key: '0900006/01',
        kind: 'field',
        field: 'rent',
        uhValue: '121.44',
        cloudValue: '1.00',
        class: 'unexplained',
        explanation: null,
        detail: null,
        repair: null,
      },
      expect.objectContaining({ key: '', kind: 'missingInCloud', class: 'explained', explanation: 'reject' }),
    ]);
  });

  it('history lists the runs newest first, and --run one run’s differences', async () => {
    const history = await runHousing(['reconcile', 'history', '--entity', 'tenancy'], env);
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^run +started at +entity +status +UH rows +cloud rows +differences +unexplained +seconds +repaired$/,
    );
    expect(lines.slice(1).map((line) => line.split(/ +/).slice(2, 8))).toEqual([
      ['tenancy', 'done', '54', '53', '2', '1'],
      ['tenancy', 'done', '54', '53', '1', '0'],
    ]);
    const runId = lines[1]?.split(' ')[0] ?? '';
    const one = await runHousing(['reconcile', 'history', '--run', runId], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(
      new RegExp(`^run ${runId}: tenancy, .*, 2 difference\\(s\\), 1 unexplained\n`),
    );
    expect(one.stdout).toMatch(/^tenancy +0900006\/01 +field rent +121\.44 +1\.00 +unexplained$/m);
  });

  it('--repair copies the row from UH and says so; the next run is clean', async () => {
    const run = await runHousing(['reconcile', '--entity', 'tenancy', '--repair'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^tenancy +0900006\/01 +field rent +121\.44 +1\.00 +copied from UH, now agrees +unexplained$/m,
    );
    expect(run.stdout).toContain('repair tenancy from UH: 1 of 2 row(s) repaired, 1 not\n');
    const again = await runHousing(['reconcile', '--entity', 'tenancy'], env);
    expect(again.code).toBe(0);
  });

  it('bad arguments exit 2 saying what was expected; an unreachable UH is one line, exit 1, no stack', async () => {
    const entity = await runHousing(['reconcile', '--entity', 'houses'], env);
    expect(entity.code).toBe(2);
    expect(entity.stderr).toContain(
      'expected one of tenureType, property, tenancy, member, contactDetails, repairRequest, rentTransaction, got "houses"',
    );
    const run = await runHousing(['reconcile', 'history', '--run', 'last'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a run number, got "last"');
    const missing = await runHousing(['reconcile', 'history', '--run', '99999'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('housing: no reconciliation run 99999\n');
    const away = await runHousing(['reconcile', '--entity', 'tenureType'], {
      ...env,
      MSSQL_URL: 'mssql://sa:x@127.0.0.1:1/uhtlive?encrypt=false',
      UH_TIMEOUT_MS: '2000',
    });
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/^housing: UH is unavailable: .* \(--verbose for details\)\n$/);
  });
});
