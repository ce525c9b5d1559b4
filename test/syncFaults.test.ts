import { createWriteLoad } from './helpers/syncWriteLoad';
import {
  diffAgainstFreshBackfill,
  waitForSweep,
  setPhases,
  startSyncFixture,
  waitUntilSynced,
  type SyncFixture,
} from './helpers/syncFixture';

/**
 * The sync's guarantees under the worst a process can suffer: `housing sync run` is killed with SIGKILL
 * (no cleanup, no finally) at every step of each direction, again and again, while both sides keep
 * writing. At the end UH and the cloud agree row for row (every synced table against a fresh backfill of
 * UH, rowversions included), every cloud write reached UH exactly once (each outbox row applied, no extra
 * outbox row, no duplicate insert), nothing was taken for a conflict and nothing was echoed back.
 */
const CRASH_POINTS = [
  'forward.afterRead',
  'forward.afterUpsert',
  'forward.afterCommit',
  'forward.sweep.afterDelete',
  'forward.sweep.afterCommit',
  'reverse.afterTake',
  'reverse.beforeUhCommit',
  'reverse.afterUhWrite',
  'reverse.afterMark',
];
/** Kills per crash point: each is hit at its 1st, 2nd and 3rd pass, so it lands in different cycles. */
const ROUNDS = 3;

describe('sync under SIGKILL at every step, with writes on both sides', () => {
  let fixture: SyncFixture;
  beforeAll(async () => {
    fixture = await startSyncFixture();
    await setPhases(fixture.pg, { person: 'CLOUD', tenancy: 'CLOUD', repairRequest: 'CLOUD' });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('ends with both stores equal, every change applied once, no conflict, no echo', async () => {
    const load = await createWriteLoad(fixture.pg, fixture.uhStore, { uhPerSecond: 20, cloudPerSecond: 10 });
    load.start();
    const kills: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const point of CRASH_POINTS) {
        // The delete sweep runs every second, so its steps are hit too.
        const worker = fixture.spawnWorker({
          crashAt: `${point}:${round}`,
          extraArgs: ['--sweep-interval', '1'],
        });
        // The worker dies at its crash point; one whose point does not come up in time is killed here.
        const killer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
        const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
          worker.child.once('exit', (_code, sig) => resolve(sig)),
        );
        clearTimeout(killer);
        expect(signal).toBe('SIGKILL');
        kills.push(point);
      }
    }
    const written = await load.stop();
    expect(written.failures).toBe(0);
    expect(kills).toHaveLength(CRASH_POINTS.length * ROUNDS);

    const final = fixture.spawnWorker({ extraArgs: ['--sweep-interval', '1'] });
    await final.waitFor(/sync worker running/);
    await waitUntilSynced(fixture.pg, 60_000);
    await waitForSweep(fixture);
    expect(await final.interrupt()).toBe(0);
    // Rows deleted in UH were found and removed from the cloud (the comparison below shows none is left),
    // each recorded once; a row inserted and deleted between two polls never reached the cloud at all.
    const deletions = await fixture.pg.query<{ n: string; keys: string }>(
      "SELECT count(*) AS n, count(DISTINCT entity_key) AS keys FROM sync.deletion WHERE entity = 'rentTransaction'",
    );
    const recorded = Number(deletions.rows[0]?.n);
    expect(recorded).toBe(Number(deletions.rows[0]?.keys));
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThanOrEqual(written.uhDeletes);
    expect(await diffAgainstFreshBackfill(fixture.uh, fixture.pg)).toEqual([]);
    const outbox = await fixture.pg.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM sync.outbox GROUP BY status',
    );
    expect(outbox.rows).toEqual([{ status: 'APPLIED', n: String(written.cloudWrites) }]);
    const conflicts = await fixture.pg.query(
      `SELECT c.id || ' ' || c.entity_key || ' at ' || c.created_at || ' uh ' || coalesce(c.uh_version->'details'->>'email', c.uh_version::text) || ' ' || encode(c.uh_tstamp, 'hex') || ': ' ||
        (SELECT string_agg(o.id || '=' || coalesce(o.payload->>'email', '') || '/' || o.status || '/' || coalesce(encode(o.uh_tstamp, 'hex'), '-') || '/' || coalesce(o.applied_at::text, '-'), ' ' ORDER BY o.id)
         FROM sync.outbox o WHERE o.entity = c.entity AND o.entity_key = c.entity_key) AS summary
       FROM sync.conflict c`,
    );
    expect(conflicts.rows).toEqual([]);
    const bookkeeping = await fixture.pg.query<{ dead: string; unstamped: string }>(
      `SELECT (SELECT count(*) FROM sync.dead_letter) AS dead,
              (SELECT count(*) FROM sync.outbox WHERE uh_tstamp IS NULL) AS unstamped`,
    );
    expect(bookkeeping.rows).toEqual([{ dead: '0', unstamped: '0' }]);
    // Each repair raised in the cloud is in UH once (a doubly applied INSERT would be a second row or a
    // duplicate-key dead letter).
    const raised = await fixture.pg.query<{ reference: string }>(
      `SELECT entity_key AS reference FROM sync.outbox WHERE entity = 'repairRequest' AND operation = 'INSERT'`,
    );
    const inUh = await fixture.uhStore.query<{ n: number }>({
      name: 'test.raisedInUh',
      text: "SELECT COUNT(*) AS n FROM dbo.rmreqst WHERE rq_ref >= '90000000'",
      params: [],
    });
    expect(inUh[0]?.n).toBe(raised.rows.length);
  }, 600_000);
});
