import sql from 'mssql';
import { UhStore } from '../stores/uh/UhStore';
import { LegacyStoreUnavailableError } from '../stores/uh/legacyStoreErrors';
import { startForwardHarness, type ForwardHarness } from '../sync/forward/test/forwardHarness';
import {
  contactViews,
  memberViews,
  propertyViews,
  repairViews,
  tenancyViews,
  transactionViews,
} from '../sync/forward/test/legacyViews';
import type { ForwardCycleReport, ForwardSync } from '../sync/forward/createForwardSync';

// Forward capture against a tiny-seeded UH simulator (over TDS through mssql) backfilled into a fresh
// PostgreSQL database. Tests change UH, call cycle() and assert exactly what it did.
describe('forward capture UH -> cloud', () => {
  let f: ForwardHarness;
  let forward: ForwardSync;
  beforeAll(async () => {
    f = await startForwardHarness();
    forward = f.forward();
    // The first cycles create the checkpoints (from the backfill's marks) and find nothing to apply.
    const first = await f.catchUp(forward);
    expect(first.map((r) => r.applied)).toEqual([0]);
  });
  afterAll(async () => {
    await f.close();
  });

  const taken = (report: ForwardCycleReport) =>
    Object.fromEntries(report.sources.filter((s) => s.applied > 0).map((s) => [s.source, s.applied]));
  const checkpoint = async (table: string) =>
    (
      await f.store.query<{ t: Buffer }>(
        `SELECT last_tstamp AS t FROM sync.checkpoint WHERE job = 'forward' AND source = $1`,
        [table],
      )
    ).rows[0]?.t.toString('hex');
  const uhTstamp = async (text: string) => (await f.uhExec<{ t: Buffer }>(text))[0]?.t.toString('hex');

  it('an update and an insert of each entity table reach the cloud as the legacy store serves them', async () => {
    await f.uhExec(`
UPDATE dbo.property SET post_desig = '12A', num_bedrooms = 4 WHERE prop_ref = '00010009';
INSERT INTO dbo.property (prop_ref, level_code, major_ref, post_preamble, post_desig, post_code, u_llpg_ref, num_bedrooms, ownership)
  VALUES ('00099901', '7', '00010008', 'Flat 99 Gingerbread House', '', 'E9 2QY', '100021099901', 2, 'LBH');
UPDATE dbo.tenagree SET rent = 130.05, cur_bal = -12.5 WHERE tag_ref = '0900006/01';
INSERT INTO dbo.tenagree (tag_ref, prop_ref, house_ref, tenure, cot, rent, service, other_charge, cur_bal, u_saff_rentacc)
  VALUES ('0999901/01', '00099901', '0100004', 'INT', '2026-11-30', 140.00, 3.10, 0, 0, '1999990101');
UPDATE dbo.member SET forename = 'Emilia' WHERE house_ref = '0100004' AND person_no = 1;
INSERT INTO dbo.member (house_ref, person_no, title, forename, surname, dob, responsible)
  VALUES ('0100004', 7, 'Ms', 'Ada', 'Demir', '2001-02-03', 0);
UPDATE dbo.rmreqst SET rq_problem = 'Boiler pressure drops overnight', rq_status = '200' WHERE rq_ref = '03200001';
INSERT INTO dbo.rmreqst (rq_ref, prop_ref, rq_date, rq_problem, rq_priority, rq_status, rq_name, rq_phone)
  VALUES ('03299901', '00099901', '2026-11-30 10:15:00', 'Front door sticks', 'U', '000', 'Ada  Demir', '07700 900999');
UPDATE dbo.rtrans SET real_value = 113.07 WHERE batchid = 95640 AND transno = 1 AND line_no = 1 AND line_segno = 1;
INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, trans_ref, post_date, real_value)
  VALUES (99901, 1, 1, 1, '0999901/01', 'DBR', 'W48', '2026-11-30', 140.00);
UPDATE dbo.tenure SET ten_desc = 'Introductory T' WHERE ten_type = 'INT';
INSERT INTO dbo.tenure (ten_type, ten_desc, leasehold, ten_secure) VALUES ('XPT', 'Experimental', 0, 1);
`);
    f.requests.length = 0;
    const report = await f.cycle(forward);
    expect(taken(report)).toEqual({
      tenure: 2,
      property: 2,
      tenagree: 2,
      member: 2,
      rmreqst: 2,
      rtrans: 2,
    });
    // The poll, then the contact details of the household the new tenancy joined (tenagree -> contacts).
    expect(f.requests.map((r) => r.name)).toEqual(['forward.poll', 'forward.households']);
    expect(report).toMatchObject({ more: false, echoes: 0, older: 0, conflicts: 0, rejected: 0 });

    const properties = await propertyViews(f.store, f.uh, ['00010009', '00099901']);
    expect(properties.cloud).toEqual(properties.legacy);
    expect(properties.cloud['00099901']).toMatchObject({ reference: '00099901', numberOfBedrooms: 2 });
    const tenancies = await tenancyViews(f.store, f.uh, ['0900006/01', '0999901/01']);
    expect(tenancies.cloud).toEqual(tenancies.legacy);
    expect(tenancies.cloud['0999901/01']).toMatchObject({
      tenure: { code: 'INT', description: 'Introductory T' },
    });
    const members = await memberViews(f.store, f.uh, ['0100004']);
    expect(members.cloud).toEqual(members.legacy);
    expect((members.cloud['0100004'] as unknown[]).length).toBe(2);
    const repairs = await repairViews(f.store, f.uh, ['03200001', '03299901']);
    expect(repairs.cloud).toEqual(repairs.legacy);
    const reporter = await f.store.query(
      `SELECT contact_name, contact_phone FROM repairs.repair_request WHERE reference = '03299901'`,
    );
    expect(reporter.rows).toEqual([{ contact_name: 'Ada Demir', contact_phone: '07700 900999' }]);
    const transactions = await transactionViews(f.store, f.uh, ['0900007/01', '0999901/01']);
    expect(transactions.cloud).toEqual(transactions.legacy);
    const tenures = await f.store.query(
      `SELECT code, description, is_secure FROM housing.tenure_type WHERE code IN ('INT', 'XPT') ORDER BY code`,
    );
    expect(tenures.rows).toEqual([
      { code: 'INT', description: 'Introductory T', is_secure: expect.any(Boolean) },
      { code: 'XPT', description: 'Experimental', is_secure: true },
    ]);
    // Every applied row carries the rowversion UH gave it.
    const versions = await f.store.query<{ t: Buffer }>(
      `SELECT uh_tstamp AS t FROM housing.property WHERE reference = '00099901'`,
    );
    expect(versions.rows[0]?.t.toString('hex')).toBe(
      await uhTstamp(`SELECT tstamp AS t FROM dbo.property WHERE prop_ref = '00099901'`),
    );
  });

  it('dependent changes: a postcode, a tenure, a debit and a receipt code, a household, a contacts row, a tenancy moving household', async () => {
    await f.uhExec(`
UPDATE dbo.postcode SET aline1 = 'Mallow Lane' WHERE post_code = 'E9 2QY';
INSERT INTO dbo.postcode (post_code, aline1, aline2, aline3) VALUES ('E2 7DB', 'Vine Street', 'Bethnal Green', 'London');
UPDATE dbo.tenure SET ten_desc = 'Secure Tenancy' WHERE ten_type = 'SEC';
UPDATE dbo.debtype SET deb_desc = 'Basic Rent' WHERE deb_code = 'DBR';
UPDATE dbo.rectype SET rec_desc = 'PayPoint Kiosk' WHERE rec_code = 'RPY';
UPDATE dbo.househ SET email_address = 'household11@example.org' WHERE house_ref = '0100011';
UPDATE dbo.contacts SET con_phone1 = '0207946099/0770090011', email_address = '' WHERE con_key = 3;
UPDATE dbo.tenagree SET house_ref = '0100014' WHERE tag_ref = '0900007/01';
`);
    const report = await f.cycle(forward);
    expect(taken(report)).toEqual({
      postcode: 2,
      tenure: 1,
      debtype: 1,
      rectype: 1,
      househ: 1,
      contacts: 1,
      tenagree: 1,
    });
    const streets = await f.store.query(
      `SELECT reference, address_line1 FROM housing.property WHERE postcode IN ('E9 2QY', 'E2 7DB') ORDER BY reference`,
    );
    expect(streets.rows.length).toBeGreaterThan(7);
    const properties = await propertyViews(
      f.store,
      f.uh,
      streets.rows.map((r) => r.reference as string),
    );
    expect(properties.cloud).toEqual(properties.legacy);
    expect(properties.cloud['00010042']).toMatchObject({
      address: { line2: 'Vine Street', postcode: 'E2 7DB' },
    });
    const secure = await f.store.query(
      `SELECT reference FROM housing.tenancy WHERE tenure_code = 'SEC' ORDER BY reference`,
    );
    const tenancies = await tenancyViews(
      f.store,
      f.uh,
      secure.rows.map((r) => r.reference as string),
    );
    expect(tenancies.cloud).toEqual(tenancies.legacy);
    expect(tenancies.cloud['0900006/01']).toMatchObject({ tenure: { description: 'Secure Tenancy' } });
    const transactions = await transactionViews(f.store, f.uh, ['0900006/01', '0900008/01']);
    expect(transactions.cloud).toEqual(transactions.legacy);
    const types = await f.store.query(
      `SELECT DISTINCT type_code, type_description FROM finance.rent_transaction WHERE type_code IN ('DBR', 'RPY') ORDER BY 1`,
    );
    expect(types.rows).toEqual([
      { type_code: 'DBR', type_description: 'Basic Rent' },
      { type_code: 'RPY', type_description: 'PayPoint Kiosk' },
    ]);
    // 0100011: its contacts row changed (phones split, email now from househ); 0900007/01 moved from
    // household 0100008 to 0100014: both households' contact details are read again.
    const contacts = await contactViews(f.store, f.uh, ['0100008', '0100011', '0100014']);
    expect(contacts.cloud).toEqual(contacts.legacy);
    expect(contacts.cloud['0100011']).toEqual({
      phones: [
        { number: '0207946099', type: 'HOME' },
        { number: '0770090011', type: 'MOBILE' },
      ],
      email: 'household11@example.org',
    });
  });

  it('inserts into the tables other entities depend on: a household, a contacts row that becomes the first, a debit code', async () => {
    await f.uhExec(`
INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, post_date, real_value)
  VALUES (99902, 1, 1, 1, '0900008/01', 'DZZ', '2026-11-30', 9.99);
`);
    await f.cycle(forward);
    await f.uhExec(`
INSERT INTO dbo.househ (house_ref, prop_ref, email_address) VALUES ('0109901', '00099901', 'new.home@example.org');
INSERT INTO dbo.contacts (con_key, con_ref, tag_ref, con_phone1, email_address) VALUES (0, '0100011', '0900008/01', '07700 900777', '');
INSERT INTO dbo.debtype (deb_code, deb_desc) VALUES ('DZZ', 'Garden Charge');
`);
    const report = await f.cycle(forward);
    expect(taken(report)).toEqual({ househ: 1, contacts: 1, debtype: 1 });
    const contacts = await contactViews(f.store, f.uh, ['0109901', '0100011']);
    expect(contacts.cloud).toEqual(contacts.legacy);
    expect(contacts.cloud).toEqual({
      '0109901': { phones: [], email: 'new.home@example.org' },
      '0100011': { phones: [{ number: '07700 900777', type: 'MOBILE' }], email: 'household11@example.org' },
    });
    const transactions = await transactionViews(f.store, f.uh, ['0900008/01']);
    expect(transactions.cloud).toEqual(transactions.legacy);
    expect(transactions.cloud['0900008/01']).toContainEqual(
      expect.objectContaining({ type: { code: 'DZZ', description: 'Garden Charge' } }),
    );
  });

  it('UH away: the cycle throws LegacyStoreUnavailableError and changes nothing', async () => {
    const away = new UhStore({ connection: { ...f.h.uh, port: 1 }, timeoutMs: 2000 });
    try {
      const before = await checkpoint('rmreqst');
      await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'while UH was away' WHERE rq_ref = '03200002'`);
      await expect(f.forward({ uh: away }).cycle(new AbortController().signal)).rejects.toBeInstanceOf(
        LegacyStoreUnavailableError,
      );
      expect(await checkpoint('rmreqst')).toBe(before);
    } finally {
      await away.close();
    }
  });

  it('a row changed twice between cycles is applied once, at its latest version', async () => {
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'first' WHERE rq_ref = '03200002'`);
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'second' WHERE rq_ref = '03200002'`);
    const report = await f.cycle(forward);
    expect(taken(report)).toEqual({ rmreqst: 1 });
    expect(report.applied).toBe(1);
    const { rows } = await f.store.query<{ description: string; t: Buffer }>(
      `SELECT description, uh_tstamp AS t FROM repairs.repair_request WHERE reference = '03200002'`,
    );
    expect(rows[0]?.description).toBe('second');
    expect(rows[0]?.t.toString('hex')).toBe(
      await uhTstamp(`SELECT tstamp AS t FROM dbo.rmreqst WHERE rq_ref = '03200002'`),
    );
  });

  it('never writes an older UH version over a newer cloud one', async () => {
    // As if the reverse direction had written a later version of this row to UH and the cloud meanwhile.
    await f.store.query(
      `UPDATE repairs.repair_request SET description = 'newer', uh_tstamp = '\\x7fffffffffffffff' WHERE reference = '03200004'`,
    );
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'older' WHERE rq_ref = '03200004'`);
    const report = await f.cycle(forward);
    expect(report).toMatchObject({ applied: 0, older: 1 });
    const { rows } = await f.store.query(
      `SELECT description FROM repairs.repair_request WHERE reference = '03200004'`,
    );
    expect(rows).toEqual([{ description: 'newer' }]);
    await f.store.query(`UPDATE repairs.repair_request SET uh_tstamp = NULL WHERE reference = '03200004'`);
  });

  it('rows the cloud model cannot hold are kept in sync.reject (job forward), never dropped', async () => {
    await f.uhExec(
      `INSERT INTO dbo.property (prop_ref, level_code, ownership) VALUES ('GARAGE-9C', '8', 'LBH')`,
    );
    const report = await f.cycle(forward);
    expect(report).toMatchObject({ applied: 0, rejected: 1 });
    const { rows } = await f.store.query(
      `SELECT source, source_key, reason FROM sync.reject WHERE job = 'forward'`,
    );
    expect(rows).toEqual([
      {
        source: 'property',
        source_key: 'GARAGE-9C',
        reason: 'prop_ref is not a property reference of up to 8 digits',
      },
    ]);
  });

  it('the checkpoint and the data commit together: a failure between them leaves both, and the next cycle applies it', async () => {
    await f.store.query(`CREATE TABLE public.fail_forward_checkpoint (on_ boolean)`);
    await f.store
      .query(`CREATE FUNCTION public.fail_forward_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.job = 'forward' AND EXISTS (SELECT 1 FROM public.fail_forward_checkpoint) THEN
    RAISE EXCEPTION 'injected failure writing the forward checkpoint';
  END IF;
  RETURN NEW;
END $$`);
    await f.store.query(`CREATE TRIGGER fail_forward_checkpoint BEFORE INSERT OR UPDATE ON sync.checkpoint
FOR EACH ROW EXECUTE FUNCTION public.fail_forward_checkpoint()`);
    try {
      await f.store.query(`INSERT INTO public.fail_forward_checkpoint VALUES (true)`);
      const before = await checkpoint('rmreqst');
      await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'after the failure' WHERE rq_ref = '03200001'`);
      await expect(f.cycle(forward)).rejects.toThrow('injected failure writing the forward checkpoint');
      const during = await f.store.query(
        `SELECT description FROM repairs.repair_request WHERE reference = '03200001'`,
      );
      expect(during.rows).toEqual([{ description: 'Boiler pressure drops overnight' }]);
      expect(await checkpoint('rmreqst')).toBe(before);

      await f.store.query(`DELETE FROM public.fail_forward_checkpoint`);
      const report = await f.cycle(forward);
      expect(taken(report)).toEqual({ rmreqst: 1 });
      const after = await f.store.query(
        `SELECT description FROM repairs.repair_request WHERE reference = '03200001'`,
      );
      expect(after.rows).toEqual([{ description: 'after the failure' }]);
      expect(await checkpoint('rmreqst')).not.toBe(before);
    } finally {
      await f.store.query(`DROP TRIGGER fail_forward_checkpoint ON sync.checkpoint`);
    }
  });

  it('an idle cycle costs one UH request, and leaves every table caught up', async () => {
    await f.catchUp(forward);
    f.requests.length = 0;
    const report = await f.cycle(forward);
    expect(f.requests.map((r) => r.name)).toEqual(['forward.poll']);
    expect(report).toMatchObject({ more: false, applied: 0 });
    expect(report.sources.map((s) => [s.source, s.lagSeconds, s.lagRows])).toEqual(
      [
        'tenure',
        'property',
        'postcode',
        'tenagree',
        'member',
        'househ',
        'contacts',
        'rmreqst',
        'rtrans',
        'debtype',
        'rectype',
      ].map((source) => [source, 0, 0]),
    );
    const caughtUp = await f.store.query(
      `SELECT count(*)::int AS n FROM sync.checkpoint WHERE job = 'forward' AND caught_up_at IS NOT NULL`,
    );
    expect(caughtUp.rows).toEqual([{ n: 11 }]);
  });

  it('works in batches: a full batch says more, and the checkpoint moves to its last rowversion', async () => {
    const small = f.forward({ batchSize: 3 });
    await f.uhExec(`UPDATE TOP (7) dbo.rtrans SET real_value = real_value + 1 WHERE batchid = 95640`);
    const reports = await f.catchUp(small);
    expect(reports.map((r) => [r.more, taken(r).rtrans ?? 0])).toEqual([
      [true, 3],
      [true, 3],
      [false, 1],
    ]);
    // Counted in the first cycle (7 above the checkpoint), then estimated: 4 waiting, 1, none.
    expect(reports.map((r) => r.sources.find((s) => s.source === 'rtrans')?.lagRows)).toEqual([4, 1, 0]);
    const transactions = await transactionViews(f.store, f.uh, ['0900007/01', '0900008/01']);
    expect(transactions.cloud).toEqual(transactions.legacy);
  });

  it('MIN_ACTIVE_ROWVERSION(): a row written by a transaction still open is not passed over by rows committed after it', async () => {
    const pool = await new sql.ConnectionPool({
      server: f.h.uh.server,
      port: f.h.uh.port,
      user: f.h.uh.user,
      password: f.h.uh.password,
      database: f.h.uh.database,
      options: { encrypt: false, trustServerCertificate: true },
    }).connect();
    const descriptions = async () =>
      (
        await f.store.query(
          `SELECT reference, description FROM repairs.repair_request WHERE reference IN ('03200002', '03200004') ORDER BY 1`,
        )
      ).rows;
    await f.catchUp(forward);
    const before = await descriptions();
    const held = new sql.Transaction(pool);
    let open = false;
    let later: Promise<void> = Promise.resolve();
    try {
      await held.begin();
      open = true;
      await new sql.Request(held).query(
        `UPDATE dbo.rmreqst SET rq_problem = 'held open' OUTPUT inserted.tstamp WHERE rq_ref = '03200002'`,
      );
      const [heldRow] = await f.uhExec<{ t: Buffer }>(`SELECT MIN_ACTIVE_ROWVERSION() AS t`);
      // Another session writes another row of the same table after it. Today's simulator makes this writer
      // wait for the open transaction (writers are serialised database-wide); with row locks (as SQL
      // Server) it commits at once with a higher rowversion. Either way it is not applied, and the
      // checkpoint stays below the open transaction's row, until that transaction commits.
      let laterCommitted = false;
      later = pool
        .request()
        .query(`UPDATE dbo.rmreqst SET rq_problem = 'committed later' WHERE rq_ref = '03200004'`)
        .then(() => {
          laterCommitted = true;
        });
      for (let i = 0; i < 4; i += 1) {
        const report = await f.cycle(forward);
        expect(report.applied).toBe(0);
        expect(report.sources.find((s) => s.source === 'rmreqst')?.lagSeconds).toBeGreaterThanOrEqual(0);
        if (laterCommitted) {
          // Row locks: the later row is committed above the open one, and still waits for it.
          const [row] = await f.uhExec<{ t: Buffer }>(
            `SELECT tstamp AS t FROM dbo.rmreqst WITH (NOLOCK) WHERE rq_ref = '03200004'`,
          );
          expect(Buffer.compare(row?.t ?? Buffer.alloc(8), heldRow?.t ?? Buffer.alloc(8))).toBeGreaterThan(0);
        }
      }
      expect(
        Buffer.compare(
          Buffer.from((await checkpoint('rmreqst')) ?? '', 'hex'),
          heldRow?.t ?? Buffer.alloc(8),
        ),
      ).toBeLessThan(0);
      expect(await descriptions()).toEqual(before);

      await held.commit();
      open = false;
      await later;
      const report = await f.cycle(forward);
      expect(taken(report)).toEqual({ rmreqst: 2 });
      expect(await descriptions()).toEqual([
        { reference: '03200002', description: 'held open' },
        { reference: '03200004', description: 'committed later' },
      ]);
    } finally {
      // A failed expectation must not leave the other writer waiting on the open transaction.
      if (open) await held.rollback().catch(() => undefined);
      await later.catch(() => undefined);
      await pool.close();
    }
  });

  it('readings: lag in seconds since each table was last caught up, from the caught_up_at it records', async () => {
    await f.store.query(
      `UPDATE sync.checkpoint SET caught_up_at = now() - interval '90 seconds' WHERE job = 'forward' AND source = 'member'`,
    );
    const stalled = f.forward({ batchSize: 1 });
    await f.uhExec(`UPDATE TOP (2) dbo.member SET title = 'Dr' WHERE house_ref = '0100011'`);
    const first = await f.cycle(stalled);
    const member = first.sources.find((s) => s.source === 'member');
    expect(member?.lagSeconds).toBeGreaterThanOrEqual(90);
    expect(member?.lagSeconds).toBeLessThan(120);
    expect(member?.lagRows).toBe(1);
    const second = await f.cycle(stalled);
    expect(second.sources.find((s) => s.source === 'member')).toMatchObject({ lagRows: 1, applied: 1 });
    const third = await f.cycle(stalled);
    expect(third.sources.find((s) => s.source === 'member')).toMatchObject({ lagSeconds: 0, lagRows: 0 });
  });
});
