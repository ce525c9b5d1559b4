import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import pg from 'pg';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import type { RuntimeInfo } from '../core/runtimeFile';
import { mintDevelopmentToken } from '../gateway/auth/mintDevelopmentToken';
import { canaryBucket } from '../gateway/routing/canaryBucket';
import { cleanEnv, runHousing, spawnHousing } from './helpers/runHousing';

// `npm start` as a newcomer runs it: embedded PostgreSQL, the UH simulator, the seed, on a fresh data dir.
describe('housing start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'housing-start-'));
  // A few reads prove the gates here; a council's defaults want a day's worth (README: Safety gates).
  const thresholds = join(dataDir, 'thresholds.json');
  writeFileSync(thresholds, JSON.stringify({ minShadowComparisons: 3, minCanaryRequests: 5 }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the stores on embedded defaults, tells other commands where, stops on Ctrl-C and reuses its data', async () => {
    const first = spawnHousing(
      ['start', '--data-dir', dataDir, '--scale', 'tiny', '--port', '0'],
      cleanEnv({ HOUSING_GATE_THRESHOLDS: thresholds }),
    );
    let propertyCount: number;
    let firstToken = '';
    try {
      await first.waitFor(/Press Ctrl-C to stop/, 180_000);
      expect(first.output()).toMatch(
        /UH \(SQL Server wire\)\s+mssql:\/\/sa:\*\*\*@127\.0\.0\.1:\d+\/uhtlive\S*\s+\[simulator\]/,
      );
      expect(first.output()).toMatch(
        /PostgreSQL\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/housing\s+\[embedded\]/,
      );

      const status = await runHousing(['status', '--data-dir', dataDir, '--json', '--show-secrets']);
      expect(status.code).toBe(0);
      const runtime = JSON.parse(status.stdout) as RuntimeInfo;
      expect(runtime.dataDir).toBe(dataDir);
      propertyCount = await countProperties(runtime.uh.url);
      expect(propertyCount).toBeGreaterThan(10);
      expect(await migrationsApplied(runtime.postgres.url)).toBeGreaterThan(0);
      const legacy = runtime.services['legacy subgraph'];
      expect(first.output()).toContain(`legacy subgraph       ${legacy}`);
      // The subgraphs take calls only from the stack's gateway.
      expect(await graphql(legacy ?? '', '{ property(reference: "10009") { reference } }')).toMatchObject({
        errors: [{ extensions: { code: 'FORBIDDEN' } }],
      });
      const secret = { 'x-housing-gateway-secret': runtime.subgraphSecret ?? '' };
      expect(
        await graphql(legacy ?? '', '{ property(reference: "10009") { reference level } }', secret),
      ).toEqual({
        data: { property: { reference: '00010009', level: 'DWELLING' } },
      });
      // The first start backfilled the cloud store: the cloud subgraph answers the same.
      expect(first.output()).toMatch(/backfill: \d+ UH rows in/);
      const cloud = runtime.services['cloud subgraph'];
      expect(
        await graphql(cloud ?? '', '{ property(reference: "10009") { reference level } }', secret),
      ).toEqual({
        data: { property: { reference: '00010009', level: 'DWELLING' } },
      });
      // ... and the synthetic LLPG matching the seed was loaded: the cloud-only address answers.
      expect(first.output()).toMatch(/LLPG: \d+ synthetic gazetteer rows loaded/);
      expect(first.output()).toMatch(/asset register: \d+ synthetic assets loaded/);
      const llpg = (await graphql(
        cloud ?? '',
        '{ property(reference: "10009") { uprn llpgAddress { uprn lines } } }',
        secret,
      )) as any;
      expect(llpg.data.property.llpgAddress.uprn).toBe(llpg.data.property.uprn);

      // The gateway serves the whole graph on --port; `housing token` mints a token it accepts, and
      // personal fields need it.
      const gateway = runtime.services.gateway ?? '';
      expect(first.output()).toContain(`gateway               ${gateway}`);
      expect(runtime.services.explorer).toBe(gateway.replace(/graphql$/, ''));
      const query =
        '{ property(reference: "10009") { reference llpgAddress { uprn } tenancies { members { dateOfBirth } } } }';
      const anonymous = (await graphql(gateway, query)) as any;
      expect(anonymous.data.property.reference).toBe('00010009');
      expect(anonymous.data.property.llpgAddress.uprn).toBe(llpg.data.property.uprn);
      const token = await runHousing(['token', '--scopes', 'all', '--data-dir', dataDir]);
      expect(token.code).toBe(0);
      firstToken = token.stdout.trim();
      const authorization = { authorization: `Bearer ${firstToken}` };
      const withToken = (await graphql(gateway, query, authorization)) as any;
      expect(withToken.errors).toBeUndefined();
      expect(withToken.data.property.reference).toBe('00010009');
      const explorer = await fetch(runtime.services.explorer ?? '');
      expect([explorer.status, await explorer.text()]).toEqual([200, expect.stringMatching(/graphiql/i)]);
      // The migration dashboard is in the banner, and `--scopes all` includes its scope.
      expect(first.output()).toContain(`admin                 ${gateway.replace(/graphql$/, 'admin')}`);
      const dashboard = await fetch(runtime.services.admin ?? '');
      expect([dashboard.status, await dashboard.text()]).toEqual([
        200,
        expect.stringContaining('<title>housing-graph migration</title>'),
      ]);
      const overview = await fetch(`${runtime.services.admin ?? ''}/api/overview`, {
        headers: authorization,
      });
      expect(overview.status).toBe(200);
      expect(((await overview.json()) as any).entities).toHaveLength(4);

      await syncsBothWaysAndPassesTheGates(runtime, dataDir, thresholds, authorization);

      // Other commands given the same data dir reach the same stores.
      const migrate = await runHousing(['db', 'migrate', '--data-dir', dataDir]);
      expect(migrate.stdout).toMatch(/up to date \(\d+ migrations\)/);

      const again = await runHousing(['start', '--data-dir', dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`a stack is already running on ${dataDir} (pid ${runtime.pid})`);
    } finally {
      expect(await first.interrupt()).toBe(0);
    }
    expect(first.output()).toContain('stopped');
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);

    const second = spawnHousing(['start', '--data-dir', dataDir, '--scale', 'tiny', '--port', '0']);
    try {
      await second.waitFor(/Press Ctrl-C to stop/, 120_000);
      expect(second.output()).not.toContain('applied migrations');
      expect(second.output()).not.toMatch(/backfill: \d+ UH rows/);
      expect(second.output()).not.toContain('LLPG:');
      expect(second.output()).not.toContain('asset register:');
      const runtime = JSON.parse(
        (await runHousing(['status', '--data-dir', dataDir, '--json', '--show-secrets'])).stdout,
      ) as RuntimeInfo;
      expect(await countProperties(runtime.uh.url)).toBe(propertyCount);
      // Tokens minted before the restart still work: the development secret lives in the data dir.
      const again = (await graphql(
        runtime.services.gateway ?? '',
        '{ property(reference: "10009") { reference } }',
        {
          authorization: `Bearer ${firstToken}`,
        },
      )) as any;
      expect(again.data.property.reference).toBe('00010009');
    } finally {
      expect(await second.interrupt()).toBe(0);
    }
  }, 300_000);
});

/**
 * `npm start` runs the sync both ways: a legacy application's change in UH (through mssql) reads the same
 * from the cloud subgraph within seconds; person walks LEGACY -> SHADOW -> CANARY -> CLOUD from the CLI on its
 * data without overrides, each step refused until its gates hold (a reconciliation, shadow comparisons of
 * reads through the gateway, canary requests answered by the cloud); a mutation through the gateway is in
 * UH within seconds; and it moves back to LEGACY once the reverse sync has applied it.
 */
async function syncsBothWaysAndPassesTheGates(
  runtime: RuntimeInfo,
  dataDir: string,
  thresholds: string,
  authorization: Record<string, string>,
): Promise<void> {
  const status = JSON.parse(
    (await runHousing(['sync', 'status', '--json', '--data-dir', dataDir])).stdout,
  ) as {
    workers: { direction: string; alive: boolean }[];
  };
  expect(status.workers.map((w) => [w.direction, w.alive])).toEqual([
    ['forward', true],
    ['reverse', true],
  ]);
  const client = new pg.Client({ connectionString: runtime.postgres.url });
  await client.connect();
  let person: { id: string; house_ref: string; person_no: number };
  try {
    person = (
      await client.query<{ id: string; house_ref: string; person_no: number }>(
        `SELECT m.id, m.house_ref, m.person_no FROM housing.household_member m
         JOIN housing.contact_details c ON c.house_ref = m.house_ref AND c.uh_con_key IS NOT NULL
         ORDER BY m.id LIMIT 1`,
      )
    ).rows[0]!;
  } finally {
    await client.end();
  }
  const secret = { 'x-housing-gateway-secret': runtime.subgraphSecret ?? '' };
  await uhExec(
    runtime.uh.url,
    `UPDATE dbo.member SET forename = 'Synced' WHERE house_ref = '${person.house_ref}' AND person_no = ${person.person_no}`,
  );
  await within(10_000, async () => {
    const answer = (await graphql(
      runtime.services['cloud subgraph'] ?? '',
      `{ person(id: "${person.id}") { firstName } }`,
      secret,
    )) as any;
    expect(answer.data.person.firstName).toBe('Synced');
  });

  const migrate = (...args: string[]) =>
    runHousing(['migrate', ...args, '--thresholds', thresholds, '--data-dir', dataDir]);
  const set = (...step: string[]) => migrate('set', 'person', ...step, '--reason', 'start test');
  /** Reads of person through the gateway, as `consumer` (a token subject). */
  const readPeople = async (consumer: string, times: number) => {
    const token = await mintDevelopmentToken({
      secret: runtime.jwtSecret ?? '',
      subject: consumer,
      scopes: ['personal:read'],
      expiresIn: '1h',
    });
    for (let i = 0; i < times; i++) {
      const answer = (await graphql(
        runtime.services.gateway ?? '',
        `{ person(id: "${person.id}") { id firstName } }`,
        {
          authorization: `Bearer ${token}`,
        },
      )) as any;
      expect(answer.errors).toBeUndefined();
    }
  };
  /** Waits until `housing migrate gates` says the move is allowed (the gateway adds its counts every 5 s). */
  const gatesHold = (...step: string[]) =>
    within(20_000, async () => {
      const gates = await migrate('gates', 'person', ...step);
      expect([gates.code, gates.stdout.split('\n')[0]]).toEqual([0, expect.stringContaining('allowed')]);
    });

  expect((await set('SHADOW')).code).toBe(0);
  // CANARY: refused before a reconciliation and before any shadow comparison.
  const early = await set('CANARY', '--percent', '50');
  expect(early.code).toBe(1);
  expect(early.stderr).toMatch(/^housing: MIGRATION_GATE_FAILED: person cannot move SHADOW -> CANARY 50%/);
  expect(early.stderr).toContain('  reconciliation clean: never reconciled');
  expect(early.stderr).toContain('  shadow comparisons: 0 in 24 h (expected at least 3');
  const reconcile = await runHousing(['reconcile', '--entity', 'member', '--data-dir', dataDir]);
  expect(reconcile.code).toBe(0);
  const contacts = await runHousing(['reconcile', '--entity', 'contactDetails', '--data-dir', dataDir]);
  expect(contacts.code).toBe(0);
  // The gateway compares a sample (10%) of SHADOW reads with the cloud.
  await readPeople('shadow-reader', 120);
  await gatesHold('CANARY', '--percent', '50');
  expect(await set('CANARY', '--percent', '50')).toMatchObject({ code: 0, stderr: '' });
  // CLOUD: refused until the cloud has answered canary consumers, with no more errors than legacy.
  const before = await set('CLOUD');
  expect(before.code).toBe(1);
  expect(before.stderr).toContain('  canary requests: 0 answered by the cloud in 24 h (expected at least 5');
  const inside = Array.from({ length: 100 }, (_, i) => `canary-${i}`).find(
    (sub) => canaryBucket('person', sub) < 50,
  );
  await readPeople(inside ?? '', 10);
  await readPeople('canary-outside', 10);
  await gatesHold('CLOUD');
  expect(await set('CLOUD')).toMatchObject({ code: 0, stderr: '' });
  await within(5_000, async () => {
    const written = (await graphql(
      runtime.services.gateway ?? '',
      `mutation { updateContactDetails(personId: "${person.id}", input: { email: "synced@example.org" }) { id } }`,
      authorization,
    )) as any;
    expect(written.errors).toBeUndefined();
  });
  await within(10_000, async () => {
    const rows = await uhQuery<{ email_address: string }>(
      runtime.uh.url,
      `SELECT c.email_address FROM dbo.contacts c JOIN dbo.tenagree t ON t.tag_ref = c.tag_ref
       WHERE t.house_ref = '${person.house_ref}' ORDER BY c.con_key`,
    );
    expect(rows[0]?.email_address.trim()).toBe('synced@example.org');
  });
  // Back: the write has reached UH, so nothing is stranded.
  // (UH may show the write a moment before its outbox row is marked: the rollback then waits for the marking.)
  const back = await set('LEGACY');
  expect([
    back.code,
    back.stderr.replace(/^waiting up to 30 s for 1 cloud write\(s\) of person .*\n/, ''),
  ]).toEqual([0, '']);
  const history = JSON.parse(
    (await runHousing(['migrate', 'history', 'person', '--json', '--data-dir', dataDir])).stdout,
  ) as {
    toPhase: string;
    gateReadings: { verdict: { passed: boolean } };
  }[];
  expect(history.map((change) => [change.toPhase, change.gateReadings.verdict.passed])).toEqual([
    ['LEGACY', true],
    ['CLOUD', true],
    ['CANARY', true],
    ['SHADOW', true],
  ]);
}

async function within(ms: number, check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function uhExec(url: string, text: string): Promise<void> {
  await uhQuery(url, text);
}

async function uhQuery<R>(url: string, text: string): Promise<R[]> {
  const pool = new sql.ConnectionPool({
    ...parseMssqlUrl('uh', url),
    options: { encrypt: false, trustServerCertificate: true },
  });
  await pool.connect();
  try {
    return (await pool.request().query<R>(text)).recordset ?? [];
  } finally {
    await pool.close();
  }
}

async function countProperties(url: string): Promise<number> {
  const pool = new sql.ConnectionPool({
    ...parseMssqlUrl('uh', url),
    options: { encrypt: false, trustServerCertificate: true },
  });
  await pool.connect();
  try {
    const result = await pool
      .request()
      .query<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.property WITH (NOLOCK)');
    return result.recordset[0]?.n ?? 0;
  } finally {
    await pool.close();
  }
}

async function migrationsApplied(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM housing_meta.schema_migration',
    );
    return result.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

async function graphql(url: string, query: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return response.json();
}
