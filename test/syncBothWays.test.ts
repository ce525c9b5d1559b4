import { updateContactDetailsInCloud } from '../stores/cloud/writeCloud';
import { syncDirections } from '../sync/worker/syncDirections';
import { createReverseDirection } from '../sync/reverse/ReverseDirection';
import type { SyncDirection } from '../sync/worker/SyncDirection';
import { setPhases, startSyncFixture, type SyncFixture } from './helpers/syncFixture';

/**
 * Both directions together, wired as `housing sync run` wires them (the reverse direction's UH image check
 * inside forward capture), one cycle at a time so each step is observed.
 */
describe('sync both ways', () => {
  let f: SyncFixture;
  let forward: SyncDirection;
  let reverse: SyncDirection;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    f = await startSyncFixture();
    await setPhases(f.pg, { person: 'CLOUD' });
    const directions = syncDirections({});
    forward = directions.forward({ uh: f.uhStore, pg: f.pg });
    reverse = directions.reverse({ uh: f.uhStore, pg: f.pg });
    await forward.cycle(signal);
  });
  afterAll(async () => {
    await f.close();
  });

  const household = async () =>
    (
      await f.pg.query<{ house_ref: string }>(
        'SELECT house_ref FROM housing.contact_details WHERE uh_con_key IS NOT NULL ORDER BY house_ref LIMIT 1',
      )
    ).rows[0]!.house_ref;
  const conflicts = async () =>
    (await f.pg.query('SELECT entity, entity_key, resolution FROM sync.conflict')).rows;

  it('a household re-read for another reason while UH holds our own last write and a newer cloud write waits is no conflict', async () => {
    const houseRef = await household();
    await updateContactDetailsInCloud(f.pg, houseRef, {
      phones: ['020 7946 0001'],
      email: 'first@example.org',
    });
    await reverse.cycle(signal);
    await forward.cycle(signal); // the echo of that write
    await updateContactDetailsInCloud(f.pg, houseRef, {
      phones: ['020 7946 0002'],
      email: 'second@example.org',
    });
    // A legacy application touches the household (not its contact details): forward reads them again.
    await f.uhStore.query({
      name: 'test.househ',
      text: "UPDATE dbo.househ SET house_desc = 'Mr A Test' WHERE house_ref = @h",
      params: [{ type: 'char', length: 10, name: 'h', value: houseRef }],
    });
    await forward.cycle(signal);
    expect(await conflicts()).toEqual([]);
    const cloud = await f.pg.query('SELECT email FROM housing.contact_details WHERE house_ref = $1', [
      houseRef,
    ]);
    expect(cloud.rows).toEqual([{ email: 'second@example.org' }]);
    await reverse.cycle(signal);
    await forward.cycle(signal);
    expect(await conflicts()).toEqual([]);
    const uh = await f.uhStore.query<{ email_address: string }>({
      name: 'test.contact',
      text: 'SELECT c.email_address FROM dbo.contacts c JOIN dbo.tenagree t ON t.tag_ref = c.tag_ref WHERE t.house_ref = @h ORDER BY c.con_key',
      params: [{ type: 'char', length: 10, name: 'h', value: houseRef }],
    });
    expect(uh[0]?.email_address.trim()).toBe('second@example.org');
  });

  it('a cloud write in UH whose marking a crash lost is an echo even when the next pending id has more digits (ids compared as numbers)', async () => {
    const houseRef = (
      await f.pg.query<{ house_ref: string }>(
        'SELECT house_ref FROM housing.contact_details WHERE uh_con_key IS NOT NULL ORDER BY house_ref OFFSET 1 LIMIT 1',
      )
    ).rows[0]!.house_ref;
    await forward.cycle(signal);
    const before = await f.pg.query<{ uh_tstamp: Buffer }>(
      'SELECT uh_tstamp FROM housing.contact_details WHERE house_ref = $1',
      [houseRef],
    );
    await f.pg.query("SELECT setval('sync.outbox_id_seq', 98)");
    await updateContactDetailsInCloud(f.pg, houseRef, {
      phones: ['020 7946 0099'],
      email: 'n99@example.org',
    });
    await updateContactDetailsInCloud(f.pg, houseRef, {
      phones: ['020 7946 0100'],
      email: 'n100@example.org',
    });
    // Row 99 reaches UH and a crash loses its marking: as it was, UH holding its write.
    await createReverseDirection({ uh: f.uhStore, pg: f.pg, batchSize: 1 }).cycle(signal);
    await f.pg.query(
      `UPDATE sync.outbox SET status = 'PENDING', uh_tstamp = NULL, applied_at = NULL WHERE id = 99`,
    );
    await f.pg.query('UPDATE housing.contact_details SET uh_tstamp = $2 WHERE house_ref = $1', [
      houseRef,
      before.rows[0]!.uh_tstamp,
    ]);
    await forward.cycle(signal);
    expect(await conflicts()).toEqual([]);
  });

  it('a value changed alternately on both sides 1,000 times ends equal, with no extra write on either side (no echo)', async () => {
    const houseRef = (
      await f.pg.query<{ house_ref: string }>(
        'SELECT house_ref FROM housing.contact_details WHERE uh_con_key IS NOT NULL ORDER BY house_ref OFFSET 2 LIMIT 1',
      )
    ).rows[0]!.house_ref;
    const conKey = (
      await f.pg.query<{ uh_con_key: number }>(
        'SELECT uh_con_key FROM housing.contact_details WHERE house_ref = $1',
        [houseRef],
      )
    ).rows[0]!.uh_con_key;
    // Whatever earlier tests left is carried across first, so only this test's changes are counted.
    for (let i = 0; i < 2; i++) {
      await reverse.cycle(signal);
      await forward.cycle(signal);
    }
    const dbts = async () =>
      BigInt(
        '0x' +
          (
            await f.uhStore.query<{ v: Buffer }>({
              name: 'test.dbts',
              text: 'SELECT @@DBTS AS v',
              params: [],
            })
          )[0]!.v.toString('hex'),
      );
    const outboxBefore = Number(
      (await f.pg.query<{ n: string | null }>('SELECT max(id) AS n FROM sync.outbox')).rows[0]!.n ?? 0,
    );
    const uhBefore = await dbts();
    let forwardApplied = 0;
    let echoes = 0;
    for (let i = 0; i < 1000; i++) {
      if (i % 2 === 0) {
        // A legacy application changes the email in UH; forward capture copies it.
        await f.uhStore.query({
          name: 'test.legacyEdit',
          text: 'UPDATE dbo.contacts SET email_address = @e WHERE con_key = @k',
          params: [
            { type: 'char', length: 50, name: 'e', value: `uh${i}@example.org` },
            { type: 'int', name: 'k', value: conKey },
          ],
        });
        const report = (await forward.cycle(signal)) as unknown as { applied: number; echoes: number };
        forwardApplied += report.applied;
        echoes += report.echoes;
      } else {
        // The graph changes it in the cloud; the reverse sync writes UH, and forward capture sees its own write.
        await updateContactDetailsInCloud(f.pg, houseRef, { email: `cloud${i}@example.org` });
        await reverse.cycle(signal);
        const report = (await forward.cycle(signal)) as unknown as { applied: number; echoes: number };
        forwardApplied += report.applied;
        echoes += report.echoes;
      }
    }
    // UH: 500 legacy edits and 500 reverse applies, one row version each; nothing written back again.
    expect(await dbts()).toBe(uhBefore + 1000n);
    // The cloud: 500 graph writes (500 outbox rows, each applied once) and 500 copies of UH's edits; the
    // 500 versions the reverse sync wrote came back as echoes and were not applied.
    const outbox = await f.pg.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM sync.outbox WHERE id > $1 GROUP BY status',
      [outboxBefore],
    );
    expect(outbox.rows).toEqual([{ status: 'APPLIED', n: '500' }]);
    expect(forwardApplied).toBe(500);
    expect(echoes).toBe(500);
    const cloud = await f.pg.query('SELECT email FROM housing.contact_details WHERE house_ref = $1', [
      houseRef,
    ]);
    const uh = await f.uhStore.query<{ email_address: string }>({
      name: 'test.contact',
      text: 'SELECT email_address FROM dbo.contacts WHERE con_key = @k',
      params: [{ type: 'int', name: 'k', value: conKey }],
    });
    expect(cloud.rows).toEqual([{ email: 'cloud999@example.org' }]);
    expect(uh[0]?.email_address.trim()).toBe('cloud999@example.org');
    expect(await conflicts()).toEqual([]);
  }, 300_000);
});
