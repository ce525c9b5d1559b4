import { startForwardHarness, type ForwardHarness } from '../sync/forward/test/forwardHarness';
import { contactViews, propertyViews, transactionViews } from '../sync/forward/test/legacyViews';
import type { ForwardSync } from '../sync/forward/createForwardSync';
import type { EntitySweep } from '../sync/forward/sweepDeletes';
import { updateContactDetailsInCloud } from '../stores/cloud/writeCloud';

// Rows of the tables an entity is built from (contacts, postcode, debtype / rectype) leave no rowversion
// behind when UH deletes them either: the sweep finds the cloud rows built from a row UH no longer holds
// and derives them again from UH's current state, so the cloud answers as the legacy subgraph does.
describe('forward capture: the delete sweep, for rows entities are built from', () => {
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

  const rederived = (report: readonly EntitySweep[]) =>
    Object.fromEntries(report.filter((e) => e.rederived > 0).map((e) => [e.entity, e.rederived]));
  const refsWhere = async (sql: string, values: unknown[]) =>
    (await f.store.query(sql, values)).rows.map((row) => String(row.ref));

  it('finds nothing to derive again when both stores agree (postcodes UH never held included)', async () => {
    // Two properties' post_code has no postcode row in the seed: their addresses are right as they are.
    expect(rederived(await forward.sweepDeletes())).toEqual({});
  });

  it("a household's chosen contacts row deleted in UH: its contact details fall back to the next row, or to the household's email", async () => {
    const before = await f.store.query(
      `SELECT house_ref, uh_con_key FROM housing.contact_details WHERE house_ref IN ('0100042', '0100004') ORDER BY 1`,
    );
    expect(before.rows).toEqual([
      { house_ref: '0100004', uh_con_key: 1 },
      { house_ref: '0100042', uh_con_key: 15 },
    ]);
    await f.uhExec(`DELETE FROM dbo.contacts WHERE con_key IN (1, 15)`);
    const report = await forward.sweepDeletes();
    const views = await contactViews(f.store, f.uh, ['0100004', '0100042']);
    expect(views.cloud).toEqual(views.legacy);
    expect(rederived(report)).toEqual({ contactDetails: 2 });
    expect(views.legacy['0100004']).toEqual({ phones: [], email: 'emily.demir81@example.net' });
    const after = await f.store.query(
      `SELECT house_ref, uh_con_key FROM housing.contact_details WHERE house_ref IN ('0100042', '0100004') ORDER BY 1`,
    );
    expect(after.rows).toEqual([
      { house_ref: '0100004', uh_con_key: null },
      { house_ref: '0100042', uh_con_key: 54 },
    ]);
    // Nothing was removed from the cloud: no sync.deletion rows. Done once: a second sweep finds nothing.
    expect((await f.store.query('SELECT * FROM sync.deletion')).rows).toEqual([]);
    expect(rederived(await forward.sweepDeletes())).toEqual({});
  });

  it("a postcode row deleted in UH: its properties' addresses are composed without it", async () => {
    const refs = await refsWhere(
      `SELECT reference AS ref FROM housing.property WHERE postcode = $1 ORDER BY 1`,
      ['E8 9ZL'],
    );
    expect(refs).toHaveLength(2);
    const lines = `SELECT count(*) AS n FROM housing.property WHERE postcode = 'E8 9ZL' AND address_line2 IS NOT NULL`;
    expect(Number((await f.store.query(lines)).rows[0]?.n)).toBeGreaterThan(0);
    await f.uhExec(`DELETE FROM dbo.postcode WHERE post_code = 'E8 9ZL'`);
    const report = await forward.sweepDeletes();
    const views = await propertyViews(f.store, f.uh, refs);
    expect(views.cloud).toEqual(views.legacy);
    expect(rederived(report)).toEqual({ property: 2 });
    expect(rederived(await forward.sweepDeletes())).toEqual({});
  });

  it('a debtype row deleted in UH: its transactions show the description UH now gives (none)', async () => {
    const tenancies = await refsWhere(
      `SELECT DISTINCT tenancy_reference AS ref FROM finance.rent_transaction WHERE type_code = 'DSC' ORDER BY 1`,
      [],
    );
    expect(tenancies.length).toBeGreaterThan(0);
    await f.uhExec(`DELETE FROM dbo.debtype WHERE deb_code = 'DSC'`);
    const report = await forward.sweepDeletes();
    const views = await transactionViews(f.store, f.uh, tenancies);
    expect(views.cloud).toEqual(views.legacy);
    expect(rederived(report)).toEqual({ rentTransaction: 56 });
    const left = await f.store.query(
      `SELECT DISTINCT type_description FROM finance.rent_transaction WHERE type_code = 'DSC'`,
    );
    expect(left.rows).toEqual([{ type_description: null }]);
    expect(rederived(await forward.sweepDeletes())).toEqual({});
  });

  it('a rectype row deleted in UH: likewise', async () => {
    const tenancies = await refsWhere(
      `SELECT DISTINCT tenancy_reference AS ref FROM finance.rent_transaction WHERE type_code = 'RSO' ORDER BY 1`,
      [],
    );
    await f.uhExec(`DELETE FROM dbo.rectype WHERE rec_code = 'RSO'`);
    const report = await forward.sweepDeletes();
    const views = await transactionViews(f.store, f.uh, tenancies);
    expect(views.cloud).toEqual(views.legacy);
    expect(rederived(report)).toEqual({ rentTransaction: 8 });
  });

  it('while the cloud masters contact details and its change waits for UH, the deleted row is a conflict recorded once; the cloud keeps its row', async () => {
    await f.store.query(
      `UPDATE migration.entity_phase SET phase = 'CLOUD', percent = 100 WHERE entity = 'person'`,
    );
    try {
      const { rows } = await f.store.query(
        `SELECT uh_con_key FROM housing.contact_details WHERE house_ref = '0100008'`,
      );
      expect(rows).toEqual([{ uh_con_key: 2 }]);
      await updateContactDetailsInCloud(f.store, '0100008', { email: 'meanwhile@example.org' });
      await f.uhExec(`DELETE FROM dbo.contacts WHERE con_key = 2`);
      expect(rederived(await forward.sweepDeletes())).toEqual({});
      expect(rederived(await forward.sweepDeletes())).toEqual({});
      const kept = await f.store.query(
        `SELECT email, uh_con_key FROM housing.contact_details WHERE house_ref = '0100008'`,
      );
      expect(kept.rows).toEqual([{ email: 'meanwhile@example.org', uh_con_key: 2 }]);
      const conflicts = await f.store.query(
        `SELECT entity, entity_key, winner FROM sync.conflict WHERE entity_key = '0100008'`,
      );
      expect(conflicts.rows).toEqual([{ entity: 'contactDetails', entity_key: '0100008', winner: 'CLOUD' }]);
    } finally {
      await f.store.query(
        `UPDATE migration.entity_phase SET phase = 'LEGACY', percent = 0 WHERE entity = 'person'`,
      );
    }
  });
});
