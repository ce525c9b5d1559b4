import { startForwardHarness, type ForwardHarness } from '../sync/forward/test/forwardHarness';
import type { ForwardSync } from '../sync/forward/createForwardSync';
import { countRejections } from '../sync/backfill/writeRejections';
import { readGateReadings } from '../migration/gates/readGateReadings';
import { rejectsByKey } from '../stores/cloud/readCloudOnly';

// A UH row the cloud model cannot hold is rejected (sync.reject); once UH holds a row the sync can take
// under the same key, or no row at all, its open rejects are resolved: kept as history, never counted.
describe('forward capture: rejects of rows fixed or deleted in UH are resolved', () => {
  let f: ForwardHarness;
  let forward: ForwardSync;
  beforeAll(async () => {
    f = await startForwardHarness();
    forward = f.forward();
    await f.catchUp(forward);
  });
  afterAll(async () => {
    await f.close();
  });

  const rejects = async (source: string, key: string) =>
    (
      await f.store.query<{ job: string; reason: string; resolved: boolean; resolution: string | null }>(
        `SELECT job, reason, resolved_at IS NOT NULL AS resolved, resolution FROM sync.reject
         WHERE source = $1 AND source_key = $2 ORDER BY id`,
        [source, key],
      )
    ).rows;
  const gateRejects = () =>
    f.store.withClient(async (client) => (await readGateReadings(client, 'tenancy')).rejects);
  const backfillRejects = async (entity: string) =>
    (await countRejections(f.store)).filter((r) => r.entity === entity).reduce((n, r) => n + r.count, 0);
  const NO_DATE = 'transaction has no posting date';
  const NO_TENANCY = 'transaction has no tenancy reference (blank tag_ref)';

  it('a row fixed in UH: the cycle that applies it resolves its forward and backfill rejects, which stop counting', async () => {
    // The seed holds a transaction without a posting date (rejected by the backfill); UH gains another.
    expect(await rejects('rentTransaction', '1|1|1|1')).toEqual([
      { job: 'backfill', reason: NO_DATE, resolved: false, resolution: null },
    ]);
    await f.uhExec(`INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, trans_ref, post_date, real_value)
  VALUES (99902, 1, 1, 1, '0900006/01', 'DBR', 'W48', NULL, 10.00)`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 0, rejected: 1 });
    expect(await rejects('rentTransaction', '99902|1|1|1')).toEqual([
      { job: 'forward', reason: NO_DATE, resolved: false, resolution: null },
    ]);
    const gateBefore = await gateRejects();
    const countedBefore = await backfillRejects('rentTransaction');
    expect(countedBefore).toBe(1);
    expect([...(await rejectsByKey(f.store, ['1|1|1|1', '99902|1|1|1'])).keys()]).toEqual([
      '1|1|1|1',
      '99902|1|1|1',
    ]);

    await f.uhExec(`UPDATE dbo.rtrans SET post_date = '2026-11-30'
WHERE (batchid = 99902 OR batchid = 1) AND transno = 1 AND line_no = 1 AND line_segno = 1`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 2, rejected: 0, resolvedRejects: 2 });
    const applied = await f.store.query(
      `SELECT batch_id FROM finance.rent_transaction WHERE trans_no = 1 AND line_no = 1 AND line_segno = 1
       AND batch_id IN (1, 99902) ORDER BY batch_id`,
    );
    expect(applied.rows).toEqual([{ batch_id: 1 }, { batch_id: 99902 }]);
    const resolved = { resolved: true, resolution: 'taken by forward capture' };
    expect(await rejects('rentTransaction', '1|1|1|1')).toEqual([
      { job: 'backfill', reason: NO_DATE, ...resolved },
    ]);
    expect(await rejects('rentTransaction', '99902|1|1|1')).toEqual([
      { job: 'forward', reason: NO_DATE, ...resolved },
    ]);
    // Nothing that shows or counts rejects counts them any more.
    // The gate readings count both jobs' open rejects: the backfill's and forward capture's.
    expect(await gateRejects()).toBe(gateBefore - 2);
    expect(await backfillRejects('rentTransaction')).toBe(0);
    expect((await rejectsByKey(f.store, ['1|1|1|1', '99902|1|1|1'])).size).toBe(0);
  });

  it('a fixed row broken again is rejected again: a new open reject, the resolved one kept as history', async () => {
    await f.uhExec(`UPDATE dbo.rtrans SET post_date = NULL WHERE batchid = 99902`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 0, rejected: 1 });
    expect(await rejects('rentTransaction', '99902|1|1|1')).toEqual([
      { job: 'forward', reason: NO_DATE, resolved: true, resolution: 'taken by forward capture' },
      { job: 'forward', reason: NO_DATE, resolved: false, resolution: null },
    ]);
    // Judged again for the same reason: still one open reject.
    await f.uhExec(`UPDATE dbo.rtrans SET real_value = 11.00 WHERE batchid = 99902`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 0, rejected: 1 });
    expect((await rejects('rentTransaction', '99902|1|1|1')).filter((r) => !r.resolved)).toHaveLength(1);
  });

  it('a row rejected again for another reason: the old reason is resolved, the new one open', async () => {
    await f.uhExec(`UPDATE dbo.rtrans SET post_date = '2026-11-30', tag_ref = '' WHERE batchid = 99902`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 0, rejected: 1, resolvedRejects: 1 });
    expect((await rejects('rentTransaction', '99902|1|1|1')).slice(1)).toEqual([
      {
        job: 'forward',
        reason: NO_DATE,
        resolved: true,
        resolution: 'rejected again for another reason by forward capture',
      },
      { job: 'forward', reason: NO_TENANCY, resolved: false, resolution: null },
    ]);
  });

  it('a rejected row deleted in UH: the delete sweep resolves its rejects (the cloud never had it, or had an older version)', async () => {
    expect(await rejects('property', 'GARAGE-7A')).toEqual([
      {
        job: 'backfill',
        reason: 'prop_ref is not a property reference of up to 8 digits',
        resolved: false,
        resolution: null,
      },
    ]);
    await f.uhExec(`DELETE FROM dbo.property WHERE prop_ref = 'GARAGE-7A';
DELETE FROM dbo.rtrans WHERE batchid = 99902`);
    const sweep = await forward.sweepDeletes();
    expect(sweep.find((e) => e.entity === 'rentTransaction')).toMatchObject({ deleted: 1 });
    expect(await rejects('property', 'GARAGE-7A')).toEqual([
      {
        job: 'backfill',
        reason: 'prop_ref is not a property reference of up to 8 digits',
        resolved: true,
        resolution: 'deleted in UH',
      },
    ]);
    expect((await rejects('rentTransaction', '99902|1|1|1')).at(-1)).toEqual({
      job: 'forward',
      reason: NO_TENANCY,
      resolved: true,
      resolution: 'deleted in UH',
    });
    // The seed's other reject (a tenancy with a blank tag_ref) is still in UH: still open.
    expect(await rejects('tenancy', '')).toMatchObject([{ job: 'backfill', resolved: false }]);
  });
});
