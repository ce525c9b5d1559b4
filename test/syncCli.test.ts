import { cleanEnv, runHousing } from './helpers/runHousing';
import { startSyncFixture, waitUntilSynced, type SyncFixture } from './helpers/syncFixture';

/**
 * `housing sync run | status | conflicts` as an operator runs them: two workers on one database (one
 * active per direction, the other standing by and taking over within seconds when the active one is
 * killed), what status shows, metrics on the worker's port, conflicts listed and resolved, and every bad
 * argument refused with exit 2 saying what was expected.
 */
let f: SyncFixture;
beforeAll(async () => {
  f = await startSyncFixture();
}, 120_000);
afterAll(async () => {
  await f.close();
});

const housing = (...args: string[]) =>
  runHousing(args, cleanEnv({ DATABASE_URL: f.db.url, MSSQL_URL: f.uhUrl, LOG_LEVEL: 'warn' }));

async function holders(): Promise<Record<string, string>> {
  const { rows } = await f.pg.query<{ direction: string; holder: string }>(
    `SELECT direction, holder FROM sync.worker WHERE state <> 'stopped' AND heartbeat_at > now() - interval '5 seconds'`,
  );
  return Object.fromEntries(rows.map((row) => [row.direction, row.holder]));
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('runs one active worker per direction; a second stands by and takes over within seconds of a SIGKILL', async () => {
  const first = f.spawnWorker();
  await first.waitFor(/sync worker running/);
  const firstHolders = await until('the first worker to hold both directions', async () => {
    const held = await holders();
    return held.forward !== undefined && held.reverse !== undefined ? held : undefined;
  });
  expect(firstHolders.forward).toMatch(new RegExp(`pid ${first.child.pid}$`));
  const second = f.spawnWorker();
  await second.waitFor(/sync worker running/);
  // The second stands by (its own /status says so), and the holders stay the first's.
  const [, secondUrl] = /running: forward and reverse; (http:\/\/\S+)\/metrics/.exec(second.output()) ?? [];
  await until('the second worker to stand by', async () => {
    const body = (await (await fetch(`${secondUrl}/status`)).json()) as { workers: { state: string }[] };
    return body.workers.every((w) => w.state === 'standby') ? true : undefined;
  });
  expect(await holders()).toEqual(firstHolders);

  const [, url] = /running: forward and reverse; (http:\/\/\S+)\/metrics/.exec(first.output()) ?? [];
  const metrics = await (await fetch(`${url}/metrics`)).text();
  expect(metrics).toMatch(/housing_sync_worker_active\{direction="forward"\} 1/);
  expect(metrics).toMatch(/housing_sync_lag_seconds\{direction="forward",source="member"\}/);
  expect(await (await fetch(`${url}/readyz`)).json()).toEqual({
    status: 'ready',
    forward: 'running',
    reverse: 'running',
  });

  const killedAt = Date.now();
  first.child.kill('SIGKILL');
  const taken = await until('the standby to take over', async () => {
    const held = await holders();
    return held.forward?.endsWith(`pid ${second.child.pid}`) &&
      held.reverse?.endsWith(`pid ${second.child.pid}`)
      ? held
      : undefined;
  });
  expect(Object.keys(taken).sort()).toEqual(['forward', 'reverse']);
  expect(Date.now() - killedAt).toBeLessThan(10_000);

  // Work goes on: a legacy edit reaches the cloud through the new holder.
  await f.uhStore.query({
    name: 'test.rename',
    text: "UPDATE dbo.member SET forename = 'Taken Over' WHERE house_ref = (SELECT MIN(house_ref) FROM dbo.member WHERE house_ref > '') AND person_no = 1",
    params: [],
  });
  await waitUntilSynced(f.pg, 20_000);
  const renamed = await f.pg.query(
    `SELECT count(*)::int AS n FROM housing.household_member WHERE first_name = 'Taken Over'`,
  );
  expect(renamed.rows).toEqual([{ n: 1 }]);

  const status = await housing('sync', 'status');
  expect(status.code).toBe(0);
  expect(status.stdout).toMatch(new RegExp(`forward\\s+running\\s+\\S+ pid ${second.child.pid}`));
  expect(status.stdout).toMatch(
    /forward: UH -> cloud\nUH table\s+lag s\s+lag rows\s+rows\/s\s+checkpoint\s+caught up at/,
  );
  expect(status.stdout).toMatch(/\nmember\s+\d+\.\d\s+\d+\s+[\d.]+\s+0x[0-9a-f]{16}\s+\d{4}-/);
  const json = JSON.parse((await housing('sync', 'status', '--json')).stdout) as {
    workers: { direction: string; alive: boolean }[];
  };
  expect(json.workers.map((w) => [w.direction, w.alive])).toEqual([
    ['forward', true],
    ['reverse', true],
  ]);
  expect(await second.interrupt()).toBe(0);
  const stopped = await housing('sync', 'status');
  expect(stopped.stdout).toMatch(/forward\s+stopped/);
}, 120_000);

it('lists conflicts with both versions and resolves them; refuses unknown ids', async () => {
  await f.pg.query(
    `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner, detected_by, resolution)
     VALUES ('contactDetails', '0100004', '{"email": "uh@example.org"}', '{"email": "cloud@example.org"}', 'CLOUD', 'forward', 'cloud wins')`,
  );
  const list = await housing('sync', 'conflicts');
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(
    /^id\s+found at\s+entity\s+key\s+found by\s+winner\s+what was done\n\d+\s+\S+\s+contactDetails\s+0100004\s+forward\s+CLOUD\s+cloud wins\n$/,
  );
  const json = JSON.parse((await housing('sync', 'conflicts', '--json')).stdout) as {
    id: number;
    uhVersion: unknown;
  }[];
  expect(json).toMatchObject([{ uhVersion: { email: 'uh@example.org' } }]);
  const resolved = await housing('sync', 'conflicts', 'resolve', String(json[0]!.id));
  expect([resolved.code, resolved.stdout]).toEqual([0, '1 conflict(s) marked resolved\n']);
  expect((await housing('sync', 'conflicts')).stdout).toBe('no open conflicts\n');
  const again = await housing('sync', 'conflicts', 'resolve', String(json[0]!.id));
  expect([again.code, again.stderr]).toEqual([2, `housing: conflict ${json[0]!.id} was resolved already\n`]);
  const missing = await housing('sync', 'conflicts', 'resolve', '999999');
  expect([missing.code, missing.stderr]).toEqual([
    2,
    'housing: there is no conflict 999999 (housing sync conflicts lists them)\n',
  ]);
}, 60_000);

it.each([
  [
    ['sync', 'run', '--only', 'sideways'],
    `argument 'sideways' is invalid. expected forward or reverse, got "sideways"`,
  ],
  [['sync', 'run', '--sweep-interval', '0'], 'expected a whole number of 1 or more, got "0"'],
  [
    ['sync', 'conflicts', '--entity', 'flat'],
    'expected one of tenureType, property, tenancy, member, contactDetails, repairRequest, rentTransaction, got "flat"',
  ],
  [['sync', 'conflicts', 'resolve', 'some'], 'expected a conflict id (a whole number) or "all", got "some"'],
  [['sync', 'conflicts', '--limit', '0'], 'expected a whole number from 1 to 1000, got "0"'],
])('%j: exit 2 saying what was expected', async (args, message) => {
  const run = await housing(...args);
  expect(run.stderr).toContain(message);
  expect(run.code).toBe(2);
});

it('a bad HOUSING_SYNC_CRASH_AT stops sync run with what was expected', async () => {
  const run = await runHousing(
    ['sync', 'run'],
    cleanEnv({ DATABASE_URL: f.db.url, MSSQL_URL: f.uhUrl, HOUSING_SYNC_CRASH_AT: 'forward.afterRead' }),
  );
  expect(run.stderr).toContain(
    'HOUSING_SYNC_CRASH_AT: expected <point>:<n>[,<point>:<n>...] with n from 1 (e.g. forward.afterUpsert:3), got "forward.afterRead"',
  );
  expect(run.code).toBe(2);
});
