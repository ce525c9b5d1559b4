import { startForwardHarness, type ForwardHarness } from '../sync/forward/test/forwardHarness';
import { tenancyViews } from '../sync/forward/test/legacyViews';
import type { ForwardSync } from '../sync/forward/createForwardSync';
import { sweepDeletes, type EntitySweep } from '../sync/forward/sweepDeletes';
import { raiseRepairInCloud, updateContactDetailsInCloud } from '../stores/cloud/writeCloud';

// Deletes leave no rowversion in UH: the sweep compares key sets range by range and removes (and records)
// what UH no longer holds, never a row that came from the cloud, and keeps one the cloud changed meanwhile
// while it masters it.
describe('forward capture: the delete sweep', () => {
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

  const byEntity = (report: readonly EntitySweep[]) =>
    Object.fromEntries(
      report
        .filter((e) => e.deleted + e.conflicts + e.keptCloudOnly > 0)
        .map((e) => [e.entity, [e.deleted, e.conflicts, e.keptCloudOnly]]),
    );
  const exists = async (table: string, where: string) =>
    Number((await f.store.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).rows[0]?.n);

  it('finds nothing to do when both stores agree (rejected UH rows included)', async () => {
    const report = await forward.sweepDeletes();
    expect(byEntity(report)).toEqual({});
    expect(report.map((e) => e.entity)).toEqual([
      'tenureType',
      'property',
      'tenancy',
      'member',
      'contactDetails',
      'repairRequest',
      'rentTransaction',
    ]);
  });

  it('a row deleted in UH is removed from the cloud and recorded in sync.deletion, with the row as it was', async () => {
    await f.uhExec(`
DELETE FROM dbo.tenure WHERE ten_type = 'TAF';
DELETE FROM dbo.property WHERE prop_ref = '00010042';
DELETE FROM dbo.tenagree WHERE tag_ref = '0900012/01';
DELETE FROM dbo.member WHERE house_ref = '0100011' AND person_no = 2;
DELETE FROM dbo.househ WHERE house_ref = '0100018';
DELETE FROM dbo.rmreqst WHERE rq_ref = '03200001';
DELETE FROM dbo.rtrans WHERE batchid IS NULL AND transno = 5;
DELETE FROM dbo.rtrans WHERE batchid = 95640 AND transno = 14;
`);
    const report = await forward.sweepDeletes();
    expect(byEntity(report)).toEqual({
      tenureType: [1, 0, 0],
      property: [1, 0, 0],
      tenancy: [1, 0, 0],
      member: [1, 0, 0],
      contactDetails: [1, 0, 0],
      repairRequest: [1, 0, 0],
      rentTransaction: [2, 0, 0],
    });
    const { rows } = await f.store.query(
      `SELECT entity, entity_key, uh_table, row_data->>'uh_tstamp' IS NOT NULL OR entity = 'tenureType' AS had_version
       FROM sync.deletion ORDER BY entity, entity_key`,
    );
    expect(rows).toEqual([
      { entity: 'contactDetails', entity_key: '0100018', uh_table: 'househ', had_version: true },
      { entity: 'member', entity_key: '0100011-2', uh_table: 'member', had_version: true },
      { entity: 'property', entity_key: '00010042', uh_table: 'property', had_version: true },
      { entity: 'rentTransaction', entity_key: '0|5|1|1', uh_table: 'rtrans', had_version: true },
      { entity: 'rentTransaction', entity_key: '95640|14|1|1', uh_table: 'rtrans', had_version: true },
      { entity: 'repairRequest', entity_key: '03200001', uh_table: 'rmreqst', had_version: true },
      { entity: 'tenancy', entity_key: '0900012/01', uh_table: 'tenagree', had_version: true },
      { entity: 'tenureType', entity_key: 'TAF', uh_table: 'tenure', had_version: true },
    ]);
    const row = await f.store.query(
      `SELECT row_data->>'description' AS description FROM sync.deletion WHERE entity = 'tenureType'`,
    );
    expect(row.rows).toEqual([{ description: 'Tenant Acc Flat' }]);
    expect(await exists('housing.property', `reference = '00010042'`)).toBe(0);
    expect(await exists('housing.property_parent_claim', `child_reference = '00010042'`)).toBe(0);
    expect(await exists('finance.rent_transaction', `batch_id = 0 AND trans_no = 5`)).toBe(0);
    // UH's tenancies of the deleted tenure show no description any more: nor do the cloud's.
    const taf = await f.store.query(`SELECT reference FROM housing.tenancy WHERE tenure_code = 'TAF'`);
    expect(taf.rows.length).toBeGreaterThan(0);
    const views = await tenancyViews(
      f.store,
      f.uh,
      taf.rows.map((r) => r.reference as string),
    );
    expect(views.cloud).toEqual(views.legacy);

    // Done once: a second sweep finds nothing.
    expect(byEntity(await forward.sweepDeletes())).toEqual({});
  });

  it('never deletes a row that came from the cloud and has not reached UH yet', async () => {
    const raised = await raiseRepairInCloud(f.store, {
      propertyReference: '00010009',
      description: 'Cloud-raised',
      priority: 'NORMAL',
      contactName: null,
      contactPhone: null,
      raisedAt: new Date('2026-12-01T09:00:00Z'),
    });
    expect(raised).toEqual({ kind: 'raised', reference: '90000000' });
    await updateContactDetailsInCloud(f.store, '0109999', { email: 'new.household@example.org' });
    const report = await forward.sweepDeletes();
    expect(byEntity(report)).toEqual({ contactDetails: [0, 0, 1], repairRequest: [0, 0, 1] });
    expect(await exists('repairs.repair_request', `reference = '90000000'`)).toBe(1);
    expect(await exists('housing.contact_details', `house_ref = '0109999'`)).toBe(1);
  });

  it('while the cloud masters the entity, UH deleting a row the cloud has not changed since is applied; one the cloud changed meanwhile is kept, a conflict recorded once', async () => {
    await f.store.query(
      `UPDATE migration.entity_phase SET phase = 'CLOUD', percent = 100 WHERE entity IN ('repairRequest', 'person')`,
    );
    try {
      // A legacy application deletes a repair request the cloud never changed: UH's edit stands.
      await f.uhExec(`DELETE FROM dbo.rmreqst WHERE rq_ref = '03200002'`);
      // The cloud changes a household's contact details; before that reaches UH, UH deletes the household.
      await updateContactDetailsInCloud(f.store, '0100020', { email: 'meanwhile@example.org' });
      await f.uhExec(`DELETE FROM dbo.househ WHERE house_ref = '0100020'`);
      // (The cloud-raised repair and contact details of the test before are still kept, every time.)
      const first = await forward.sweepDeletes();
      expect(byEntity(first)).toEqual({ contactDetails: [0, 1, 1], repairRequest: [1, 0, 1] });
      expect(byEntity(await forward.sweepDeletes())).toEqual({
        contactDetails: [0, 0, 1],
        repairRequest: [0, 0, 1],
      });
      expect(await exists('repairs.repair_request', `reference = '03200002'`)).toBe(0);
      expect(await exists('sync.deletion', `entity = 'repairRequest' AND entity_key = '03200002'`)).toBe(1);
      expect(await exists('housing.contact_details', `house_ref = '0100020'`)).toBe(1);
      const { rows } = await f.store.query(
        `SELECT entity, entity_key, winner, detected_by, uh_version, cloud_version->>'email' AS email, resolution
         FROM sync.conflict`,
      );
      expect(rows).toEqual([
        {
          entity: 'contactDetails',
          entity_key: '0100020',
          winner: 'CLOUD',
          detected_by: 'forward',
          uh_version: { deletedInUh: true },
          email: 'meanwhile@example.org',
          resolution:
            "deleted in UH while the cloud's change waited for UH; cloud wins (person is CLOUD): the cloud row is kept",
        },
      ]);
    } finally {
      await f.store.query(
        `UPDATE migration.entity_phase SET phase = 'LEGACY', percent = 0 WHERE entity IN ('repairRequest', 'person')`,
      );
    }
  });

  it('compares key by key only the ranges whose counts differ (or that hold a rejected row)', async () => {
    await f.uhExec(`DELETE FROM dbo.rtrans WHERE batchid = 95694 AND transno = 3`);
    const rows = Number(
      (await f.store.query(`SELECT count(*) AS n FROM finance.rent_transaction`)).rows[0]?.n,
    );
    f.requests.length = 0;
    const [report] = await sweepDeletes(f.uh, f.store, { rangeSize: 10, entities: ['rentTransaction'] });
    // Ranges of about 10 cloud rows on batch_id (whole batches: a range ends where a batch ends). The first
    // holds UH's rejected row (batch 1, no posting date); one other lost a row.
    expect(report).toMatchObject({ entity: 'rentTransaction', rangesCompared: 2, deleted: 1 });
    expect(report?.ranges).toBeGreaterThan(5);
    expect(report?.ranges).toBeLessThanOrEqual(Math.ceil(rows / 10) + 1);
    expect(f.requests.map((r) => r.name)).toEqual([
      'forward.sweep.rentTransaction.count',
      'forward.sweep.rentTransaction.keys',
      'forward.sweep.rentTransaction.keys',
      'forward.sweep.rentTransaction.verify',
      // Then the codes' descriptions, in case a debtype or rectype row went (sweepDependents).
      'forward.sweep.typeCodes',
    ]);
    expect(await exists('finance.rent_transaction', `batch_id = 95694 AND trans_no = 3`)).toBe(0);
  });

  it('a UH key held in another form (a leading space) is compared in both its ranges: never taken for a deletion, and hides none', async () => {
    await f.uhExec(`
INSERT INTO dbo.property (prop_ref, level_code, major_ref, ownership) VALUES (' 0099903', '7', '00010008', 'LBH');
DELETE FROM dbo.property WHERE prop_ref = '00010002';
`);
    await f.catchUp(forward);
    expect(await exists('housing.property', `reference = '00099903'`)).toBe(1);
    // ' 0099903' sorts before every reference in UH, in the first range, where '00010002' went missing:
    // UH's count there is unchanged. Both of its ranges are compared anyway.
    const [report] = await sweepDeletes(f.uh, f.store, { rangeSize: 3, entities: ['property'] });
    expect(report).toMatchObject({ entity: 'property', deleted: 1 });
    expect(await exists('housing.property', `reference = '00099903'`)).toBe(1);
    expect(await exists('housing.property', `reference = '00010002'`)).toBe(0);
  });

  it('cycle() runs the sweep itself when it is due by the injected clock', async () => {
    const scheduled = f.forward({ sweepEveryMs: 60_000 });
    expect((await f.cycle(scheduled)).sweep).toBeUndefined();
    f.clock.advance(59_999);
    expect((await f.cycle(scheduled)).sweep).toBeUndefined();
    await f.uhExec(`DELETE FROM dbo.member WHERE house_ref = '0100014' AND person_no = 1`);
    f.clock.advance(1);
    const report = await f.cycle(scheduled);
    // The household UH deleted while the cloud's change waited goes now that UH masters it again (its
    // conflict is recorded already; the waiting write is set aside).
    expect(byEntity(report.sweep ?? [])).toEqual({
      member: [1, 0, 0],
      contactDetails: [1, 0, 1],
      repairRequest: [0, 0, 1],
    });
    const setAside = await f.store.query(
      `SELECT status FROM sync.outbox WHERE entity = 'contactDetails' AND entity_key = '0100020'`,
    );
    expect(setAside.rows).toEqual([{ status: 'CONFLICT' }]);
    expect((await f.cycle(scheduled)).sweep).toBeUndefined();
  });
});
