import { createWriteLoad } from './helpers/syncWriteLoad';
import {
  diffAgainstFreshBackfill,
  setPhases,
  startSyncFixture,
  waitForSweep,
  waitUntilSynced,
  type SyncFixture,
} from './helpers/syncFixture';

/**
 * UH behind the VPN goes away for a minute while the cloud keeps taking writes: the sync worker keeps
 * running, shows the trouble (backoff, the last error), and once UH answers again catches up by itself:
 * every cloud write reaches UH and the stores end equal. The outage lasts as long as the issue asks
 * (60 s of real time): what is tested is a worker surviving a real outage, not a clock.
 */
const OUTAGE_MS = 60_000;

describe('sync through a UH outage', () => {
  let fixture: SyncFixture;
  beforeAll(async () => {
    fixture = await startSyncFixture();
    await setPhases(fixture.pg, { person: 'CLOUD', tenancy: 'CLOUD', repairRequest: 'CLOUD' });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('backs off while UH is away, keeps the lag visible, and catches up by itself when it returns', async () => {
    const worker = fixture.spawnWorker({ extraArgs: ['--sweep-interval', '1'] });
    await worker.waitFor(/sync worker running/);
    const load = await createWriteLoad(fixture.pg, fixture.uhStore, { uhPerSecond: 20, cloudPerSecond: 10 });
    load.start();
    await waitUntilSynced(fixture.pg, 60_000);

    await fixture.stopUh();
    const outageEnds = Date.now() + OUTAGE_MS;
    let sawBackoff = false;
    while (Date.now() < outageEnds) {
      const state = await fixture.pg.query<{ state: string; last_error: string | null; pending: string }>(
        `SELECT w.state, w.last_error, (SELECT count(*) FROM sync.outbox WHERE status = 'PENDING') AS pending
         FROM sync.worker w WHERE w.direction = 'reverse'`,
      );
      const row = state.rows[0];
      if (row?.state === 'backoff' && row.last_error !== null && Number(row.pending) > 0) sawBackoff = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(sawBackoff).toBe(true);
    await fixture.startUh();

    const written = await load.stop();
    // Legacy applications' writes failed while UH was away; the cloud's all succeeded.
    expect(written.failures).toBeGreaterThan(0);
    await waitUntilSynced(fixture.pg, 60_000);
    await waitForSweep(fixture);
    expect(worker.child.exitCode).toBeNull();
    expect(await worker.interrupt()).toBe(0);

    expect(await diffAgainstFreshBackfill(fixture.uh, fixture.pg)).toEqual([]);
    const outbox = await fixture.pg.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM sync.outbox GROUP BY status',
    );
    expect(outbox.rows).toEqual([{ status: 'APPLIED', n: String(written.cloudWrites) }]);
  }, 300_000);
});
