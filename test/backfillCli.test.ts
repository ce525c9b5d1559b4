import {
  startBackfillHarness,
  tableChecksums,
  type BackfillHarness,
} from '../sync/backfill/test/backfillHarness';
import { runBackfill } from '../sync/backfill/runBackfill';
import { BACKFILL_LOCK_ID, SYNC_LOCK_CLASS } from '../sync/backfill/withBackfillLock';
import type { PgStore } from '../stores/cloud/PgStore';
import { cleanEnv, runHousing, spawnHousing } from './helpers/runHousing';

// `housing sync backfill` as a user runs it: killed and resumed, interrupted with Ctrl-C, refused while
// another run holds the lock, and bad arguments. Every finished database is compared with a clean run.
describe('housing sync backfill (CLI)', () => {
  let h: BackfillHarness;
  let clean: Record<string, string>;
  beforeAll(async () => {
    h = await startBackfillHarness();
    const db = await h.database();
    await runBackfill({ uh: h.uh, cloudUrl: db.url });
    clean = await tableChecksums(db.store, false);
  });
  afterAll(() => h.close());

  const env = (url: string) => cleanEnv({ MSSQL_URL: h.simulator.url, DATABASE_URL: url });
  const checkpoints = async (store: PgStore) =>
    (
      await store.query<{ source: string; rows_done: string; completed: boolean }>(
        'SELECT source, rows_done, completed FROM sync.checkpoint ORDER BY source',
      )
    ).rows;
  /** Resolves once the run has committed checkpoints for `n` entities (the last one usually mid-way). */
  const untilCheckpoints = async (store: PgStore, n: number) => {
    const deadline = Date.now() + 60_000;
    while ((await checkpoints(store)).length < n) {
      if (Date.now() > deadline) throw new Error(`no ${n} checkpoints within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('killed (SIGKILL) mid-run, then run again: resumes from the checkpoint and ends equal to a clean run', async () => {
    const { url, store } = await h.database();
    const run = spawnHousing(['sync', 'backfill', '--batch', '1'], env(url));
    await untilCheckpoints(store, 3);
    run.child.kill('SIGKILL');
    expect(await run.interrupt()).toBeNull();
    const left = await checkpoints(store);
    expect(left.some((c) => !c.completed) || left.length < 7).toBe(true);
    const resumed = await runHousing(['sync', 'backfill', '--batch', '4'], env(url), 120_000);
    expect(resumed.stderr).not.toMatch(/Error/);
    expect(resumed.code).toBe(0);
    // Entities finished before the kill are not read again.
    expect(resumed.stdout).toMatch(/^tenureType\s+alreadyComplete\s+0\s+0/m);
    expect(resumed.stdout).toMatch(/^rentTransaction\s+done\s+\d+\s+1\s/m);
    expect(await tableChecksums(store, false)).toEqual(clean);
  });

  it('Ctrl-C (SIGINT) stops after the chunk in flight with exit code 130 and a checkpoint the next run resumes from', async () => {
    const { url, store } = await h.database();
    const run = spawnHousing(['sync', 'backfill', '--batch', '1'], env(url));
    await untilCheckpoints(store, 2);
    const code = await run.interrupt();
    expect(code).toBe(130);
    expect(run.output()).toContain('interrupted: run the same command again to resume from the checkpoint');
    expect(run.output()).toMatch(/^rentTransaction\s+notStarted\s+0/m);
    expect((await checkpoints(store)).some((c) => !c.completed)).toBe(true);
    const resumed = await runHousing(['sync', 'backfill'], env(url), 120_000);
    expect(resumed.code).toBe(0);
    expect(await tableChecksums(store, false)).toEqual(clean);
  });

  it('while another run holds the lock: exits 1 at once, naming the holder in this database (not a backfill of another database)', async () => {
    const { url, store } = await h.database();
    // The same lock key held in another database (another test's, or another environment's on a shared
    // server): advisory locks are per database, so it neither blocks this run nor is named as the holder.
    const elsewhere = await h.database();
    await elsewhere.store.withClient(async (other) => {
      await other.query(`SELECT set_config('application_name', 'a backfill elsewhere', false)`);
      await other.query('SELECT pg_advisory_lock($1, $2)', [SYNC_LOCK_CLASS, BACKFILL_LOCK_ID]);
      try {
        await store.withClient(async (client) => {
          await client.query(`SELECT set_config('application_name', 'the other backfill', false)`);
          await client.query('SELECT pg_advisory_lock($1, $2)', [SYNC_LOCK_CLASS, BACKFILL_LOCK_ID]);
          try {
            const refused = await runHousing(['sync', 'backfill'], env(url));
            expect(refused.code).toBe(1);
            expect(refused.stderr).toMatch(
              /^housing: another backfill is running on this database \(held by PostgreSQL backend \d+: the other backfill( from [^,]+)?, connected since .*\); wait for it to finish, or stop it and run again \(it resumes\)\n$/,
            );
          } finally {
            await client.query('SELECT pg_advisory_unlock($1, $2)', [SYNC_LOCK_CLASS, BACKFILL_LOCK_ID]);
          }
        });
      } finally {
        await other.query('SELECT pg_advisory_unlock($1, $2)', [SYNC_LOCK_CLASS, BACKFILL_LOCK_ID]);
      }
    });
    expect(await checkpoints(store)).toEqual([]);
  });

  it('bad arguments exit 2 saying what was expected', async () => {
    const entity = await runHousing(
      ['sync', 'backfill', '--entity', 'nope'],
      env('postgres://x@127.0.0.1:1/x'),
    );
    expect(entity.code).toBe(2);
    expect(entity.stderr).toContain(
      `option '--entity <name>' argument 'nope' is invalid. expected one of tenureType, property, tenancy, member, contactDetails, repairRequest, rentTransaction, got "nope"`,
    );
    const batch = await runHousing(['sync', 'backfill', '--batch', '0'], env('postgres://x@127.0.0.1:1/x'));
    expect(batch.code).toBe(2);
    expect(batch.stderr).toContain(
      `option '--batch <n>' argument '0' is invalid. expected a whole number from 1 to 50000, got "0"`,
    );
  });

  it('--entity limits the run to the entities named, in dependency order', async () => {
    const { url, store } = await h.database();
    const run = await runHousing(
      ['sync', 'backfill', '--entity', 'member', '--entity', 'tenureType'],
      env(url),
    );
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .split('\n')
        .slice(1, 3)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['tenureType', 'member']);
    expect((await checkpoints(store)).map((c) => [c.source, c.completed])).toEqual([
      ['member', true],
      ['tenureType', true],
    ]);
  });
});
