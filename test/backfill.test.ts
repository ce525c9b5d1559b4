import {
  faultRecords,
  startBackfillHarness,
  tableChecksums,
  type BackfillHarness,
} from '../sync/backfill/test/backfillHarness';
import { runBackfill } from '../sync/backfill/runBackfill';
import { BackfillLockedError } from '../sync/backfill/withBackfillLock';
import type { BackfillSummary } from '../sync/backfill/BackfillSummary';
import type { PgStore } from '../stores/cloud/PgStore';
import { UhStore } from '../stores/uh/UhStore';
import { propertiesByReference } from '../stores/uh/readProperties';
import { tenanciesByReference } from '../stores/uh/readTenancies';
import { contactsByHousehold, membersByHousehold } from '../stores/uh/readPeople';
import { repairsByReference } from '../stores/uh/readRepairs';

// The backfill against a tiny-seeded UH simulator (plus a few rows the cloud cannot hold) and fresh
// PostgreSQL databases: counts, the stored values equal to what the legacy store serves, the seeded
// faults, rejects, idempotence and the one-worker lock.
describe('sync backfill UH -> cloud', () => {
  let h: BackfillHarness;
  let store: PgStore;
  let uh: UhStore;
  let first: BackfillSummary;
  beforeAll(async () => {
    h = await startBackfillHarness();
    const db = await h.database();
    store = db.store;
    uh = new UhStore({ connection: h.uh });
    first = await runBackfill({ uh: h.uh, cloudUrl: db.url, batchSize: 7 });
  });
  afterAll(async () => {
    await uh.close();
    await h.close();
  });

  const count = async (sql: string) => Number((await store.query<{ n: string }>(sql)).rows[0]?.n);
  const uhCount = async (table: string) =>
    Number((await h.uhQuery<{ n: number }>(`SELECT COUNT(*) AS n FROM dbo.${table}`))[0]?.n);

  it('copies every UH row of each entity, minus the rejected ones, and lists the rejects by reason', async () => {
    const rows = Object.fromEntries(first.entities.map((e) => [e.entity, [e.status, e.rows, e.rejected]]));
    expect(rows).toEqual({
      tenureType: ['done', await uhCount('tenure'), 0],
      property: ['done', await uhCount('property'), 1],
      tenancy: ['done', await uhCount('tenagree'), 1],
      member: ['done', await uhCount('member'), 0],
      contactDetails: ['done', await uhCount('househ'), 0],
      repairRequest: ['done', await uhCount('rmreqst'), 0],
      rentTransaction: ['done', await uhCount('rtrans'), 1],
    });
    expect(await count('SELECT count(*) AS n FROM housing.tenure_type')).toBe(await uhCount('tenure'));
    expect(await count('SELECT count(*) AS n FROM housing.property')).toBe((await uhCount('property')) - 1);
    expect(await count('SELECT count(*) AS n FROM housing.tenancy')).toBe((await uhCount('tenagree')) - 1);
    expect(await count('SELECT count(*) AS n FROM housing.household_member')).toBe(await uhCount('member'));
    expect(await count('SELECT count(*) AS n FROM housing.contact_details')).toBe(await uhCount('househ'));
    expect(await count('SELECT count(*) AS n FROM repairs.repair_request')).toBe(await uhCount('rmreqst'));
    expect(await count('SELECT count(*) AS n FROM finance.rent_transaction')).toBe(
      (await uhCount('rtrans')) - 1,
    );
    // Each entity's checkpoint is complete and notes UH's rowversion when its walk began (for forward capture).
    const [mark] = await h.uhQuery<{ mark: Buffer }>('SELECT MIN_ACTIVE_ROWVERSION() AS mark');
    const marks = await store.query<{ source: string; mark: Buffer }>(
      'SELECT source, last_tstamp AS mark FROM sync.checkpoint WHERE completed ORDER BY source',
    );
    expect(marks.rows).toHaveLength(7);
    for (const row of marks.rows) expect(row.mark.length).toBe(8);
    expect(marks.rows.every((row) => Buffer.compare(row.mark, mark?.mark ?? Buffer.alloc(0)) <= 0)).toBe(
      true,
    );
    expect(first.rejects).toEqual([
      { entity: 'property', reason: 'prop_ref is not a property reference of up to 8 digits', count: 1 },
      { entity: 'rentTransaction', reason: 'transaction has no posting date', count: 1 },
      { entity: 'tenancy', reason: 'tenancy has no reference (blank tag_ref)', count: 1 },
    ]);
    const { rows: rejects } = await store.query(
      `SELECT source, source_key, row_data->'row'->>'prop_ref' AS prop_ref FROM sync.reject ORDER BY source, source_key`,
    );
    expect(rejects).toEqual([
      { source: 'property', source_key: 'GARAGE-7A', prop_ref: 'GARAGE-7A   ' },
      { source: 'rentTransaction', source_key: '1|1|1|1', prop_ref: null },
      { source: 'tenancy', source_key: '', prop_ref: '00010001    ' },
    ]);
  });

  it('stores properties, tenancies, members, contact details and repairs exactly as the legacy store serves them', async () => {
    const props = await store.query(`SELECT reference, level, level_code, address_line1, address_line2,
      address_line3, address_line4, postcode, uprn, number_of_bedrooms, parent_reference FROM housing.property`);
    const legacyProps = await propertiesByReference(
      uh,
      props.rows.map((p) => p.reference),
    );
    for (const p of props.rows) {
      expect({
        reference: p.reference,
        level: p.level,
        levelCode: p.level_code,
        address: {
          line1: p.address_line1,
          line2: p.address_line2,
          line3: p.address_line3,
          line4: p.address_line4,
          postcode: p.postcode,
        },
        uprn: p.uprn,
        numberOfBedrooms: p.number_of_bedrooms,
        parentReference: p.parent_reference,
      }).toEqual(legacyProps.get(p.reference));
    }

    const tenancies =
      await store.query(`SELECT reference, property_reference, house_ref, tenure_code, tenure_description,
      to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, is_terminated,
      payment_reference, rent, service_charge, other_charge, balance FROM housing.tenancy`);
    const legacyTenancies = await tenanciesByReference(
      uh,
      tenancies.rows.map((t) => t.reference),
    );
    for (const t of tenancies.rows) {
      expect({
        reference: t.reference,
        propertyReference: t.property_reference,
        houseRef: t.house_ref,
        tenure: t.tenure_code === null ? null : { code: t.tenure_code, description: t.tenure_description },
        startDate: t.start_date,
        endDate: t.end_date,
        terminated: t.is_terminated,
        paymentReference: t.payment_reference,
        charges: { rent: t.rent, service: t.service_charge, other: t.other_charge },
        balance: t.balance,
      }).toEqual(legacyTenancies.get(t.reference));
    }

    const households = (await store.query('SELECT house_ref, phones, email FROM housing.contact_details'))
      .rows;
    const legacyContacts = await contactsByHousehold(
      uh,
      households.map((c) => c.house_ref),
    );
    expect(legacyContacts.size).toBe(households.length);
    for (const c of households) {
      expect({ phones: c.phones, email: c.email }).toEqual(legacyContacts.get(c.house_ref));
    }
    // Each household's contact details carry the chosen contacts row's key and rowversion (none without one):
    // the version reverse sync compares and forward capture recognises as its own.
    const versions = await store.query<{ con_key: number | null; tstamp: Buffer | null }>(
      'SELECT uh_con_key AS con_key, uh_tstamp AS tstamp FROM housing.contact_details',
    );
    const uhVersions = new Map(
      (await h.uhQuery<{ con_key: number; tstamp: Buffer }>('SELECT con_key, tstamp FROM dbo.contacts')).map(
        (row) => [row.con_key, row.tstamp.toString('hex')],
      ),
    );
    expect(versions.rows.filter((row) => row.con_key !== null).length).toBeGreaterThan(0);
    for (const row of versions.rows) {
      expect(row.tstamp?.toString('hex') ?? null).toBe(
        row.con_key === null ? null : uhVersions.get(row.con_key),
      );
    }

    const members = await store.query(`SELECT id, house_ref, person_no, title, first_name, surname,
      to_char(date_of_birth, 'YYYY-MM-DD') AS dob, is_responsible FROM housing.household_member ORDER BY house_ref, person_no`);
    const legacyMembers = await membersByHousehold(uh, [...new Set(members.rows.map((m) => m.house_ref))]);
    expect(
      members.rows.map((m) => ({
        id: m.id,
        houseRef: m.house_ref,
        personNo: m.person_no,
        title: m.title,
        firstName: m.first_name,
        surname: m.surname,
        dateOfBirth: m.dob,
        isResponsible: m.is_responsible,
      })),
    ).toEqual(
      [...legacyMembers.values()]
        .flat()
        .sort((a, b) => a.houseRef.localeCompare(b.houseRef) || a.personNo - b.personNo),
    );

    const repairs = await store.query(
      'SELECT reference, property_reference, priority, status, raised_at, description FROM repairs.repair_request',
    );
    const legacyRepairs = await repairsByReference(
      uh,
      repairs.rows.map((r) => r.reference),
    );
    for (const r of repairs.rows) {
      expect({
        reference: r.reference,
        propertyReference: r.property_reference,
        priority: r.priority,
        status: r.status,
        raisedAt: r.raised_at === null ? null : (r.raised_at as Date).toISOString(),
        description: r.description,
      }).toEqual(legacyRepairs.get(r.reference));
    }
  });

  it('#1 the tenancy whose prop_ref has a leading space links to its property', async () => {
    const record = faultRecords(h.manifest, 'leading-space-ref').find((r) => r.table === 'tenagree');
    const { rows } = await store.query(
      `SELECT t.property_reference, p.reference AS found FROM housing.tenancy t
       LEFT JOIN housing.property p ON p.reference = t.property_reference WHERE t.reference = $1`,
      [record?.key.tag_ref],
    );
    expect(rows).toEqual([
      { property_reference: String(record?.value).trim(), found: String(record?.value).trim() },
    ]);
  });

  it('#2 1900-01-01 dates are NULL', async () => {
    const eot = faultRecords(h.manifest, 'terminated-without-eot')[0];
    const tenancy = await store.query(
      'SELECT end_date, is_terminated FROM housing.tenancy WHERE reference = $1',
      [eot?.key.tag_ref],
    );
    expect(tenancy.rows).toEqual([{ end_date: null, is_terminated: true }]);
    const dob = faultRecords(h.manifest, 'dob-1900')[1]?.key;
    const member = await store.query('SELECT date_of_birth FROM housing.household_member WHERE id = $1', [
      `${dob?.house_ref}-${dob?.person_no}`,
    ]);
    expect(member.rows).toEqual([{ date_of_birth: null }]);
  });

  it('money is exact: every balance, and the sum of every transaction, to the penny', async () => {
    const [uhSum] = await h.uhQuery<{ s: string }>(
      `SELECT CONVERT(varchar(40), SUM(real_value)) AS s FROM dbo.rtrans WHERE post_date IS NOT NULL`,
    );
    const { rows } = await store.query<{ s: string }>(
      'SELECT sum(amount)::text AS s FROM finance.rent_transaction',
    );
    expect(rows[0]?.s).toBe(uhSum?.s);
    const [uhBal] = await h.uhQuery<{ s: string }>(
      `SELECT CONVERT(varchar(40), SUM(cur_bal)) AS s FROM dbo.tenagree WHERE tag_ref <> ''`,
    );
    const bal = await store.query<{ s: string }>('SELECT sum(balance)::text AS s FROM housing.tenancy');
    expect(bal.rows[0]?.s).toBe(uhBal?.s);
  });

  it('transactions whose key columns are NULL are stored under 0, as the graph names them, whatever the chunk size', async () => {
    const { rows } = await store.query(
      `SELECT batch_id, trans_no, tenancy_reference, amount, octet_length(uh_tstamp) AS ts
       FROM finance.rent_transaction WHERE batch_id = 0 OR trans_no = 0 ORDER BY batch_id`,
    );
    expect(rows).toEqual([
      { batch_id: 0, trans_no: 5, tenancy_reference: '0900001/01', amount: '101.37', ts: 8 },
      { batch_id: 3, trans_no: 0, tenancy_reference: '0900001/01', amount: '5.00', ts: 8 },
    ]);
    // One row per chunk: every chunk boundary falls next to a NULL somewhere in the key.
    const db = await h.database();
    await runBackfill({ uh: h.uh, cloudUrl: db.url, batchSize: 1, entities: ['rentTransaction'] });
    const sums = async (s: PgStore) => (await tableChecksums(s, false))['finance.rent_transaction'];
    expect(await sums(db.store)).toBe(await sums(store));
  });

  it('#11 the same person in two households (surname misspelt) is one housing.person', async () => {
    const [a, b] = faultRecords(h.manifest, 'duplicate-person').map(
      (r) => `${r.key.house_ref}-${r.key.person_no}`,
    );
    const { rows } = await store.query(
      'SELECT id, person_id FROM housing.household_member WHERE id = ANY($1) ORDER BY id',
      [[a, b]],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]?.person_id).toBe(rows[1]?.person_id);
    const distinct = await count('SELECT count(DISTINCT person_id) AS n FROM housing.household_member');
    expect(distinct).toBeLessThan(await count('SELECT count(*) AS n FROM housing.household_member'));
    expect(await count('SELECT count(*) AS n FROM housing.person')).toBe(distinct);
  });

  it('#6 parent claims: major_ref preferred, u_estate and u_block kept, an orphan parent kept, blanks skipped', async () => {
    const mismatch = faultRecords(h.manifest, 'block-mismatch')[0];
    const claims = await store.query(
      `SELECT source, parent_reference, is_preferred FROM housing.property_parent_claim WHERE child_reference = $1 ORDER BY source`,
      [mismatch?.key.prop_ref],
    );
    expect(claims.rows).toEqual([
      { source: 'UH_MAJOR_REF', parent_reference: '00010041', is_preferred: true },
      { source: 'UH_U_BLOCK', parent_reference: '00010054', is_preferred: false },
      { source: 'UH_U_ESTATE', parent_reference: expect.stringMatching(/^\d{8}$/), is_preferred: false },
    ]);
    const orphan = faultRecords(h.manifest, 'orphan-major-ref')[0];
    const kept = await store.query(
      `SELECT parent_reference FROM housing.property_parent_claim WHERE child_reference = $1 AND source = 'UH_MAJOR_REF'`,
      [orphan?.key.prop_ref],
    );
    expect(kept.rows).toEqual([{ parent_reference: String(orphan?.value).trim() }]);
    expect(
      await count(`SELECT count(*) AS n FROM housing.property_parent_claim WHERE parent_reference = ''`),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM housing.property WHERE octet_length(uh_tstamp) <> 8`)).toBe(
      0,
    );
  });

  it('#12 a repair reporter with two numbers in rq_phone is stored cleaned', async () => {
    const record = faultRecords(h.manifest, 'multi-valued-phone').find((r) => r.table === 'rmreqst');
    const { rows } = await store.query(
      'SELECT contact_phone FROM repairs.repair_request WHERE reference = $1',
      [record?.key.rq_ref],
    );
    expect(rows).toEqual([{ contact_phone: String(record?.value).trim().replace(/\s+/g, ' ') }]);
  });

  it('is idempotent: a second run reads nothing; a --restart run re-reads everything and changes nothing', async () => {
    const before = await tableChecksums(store, true);
    const db = (await store.query<{ url: string }>('SELECT current_database() AS url')).rows[0]?.url;
    const cloudUrl = new URL(process.env.HOUSING_TEST_PG_ADMIN_URL as string);
    cloudUrl.pathname = `/${db}`;
    const again = await runBackfill({ uh: h.uh, cloudUrl: cloudUrl.toString(), batchSize: 7 });
    expect(again.entities.map((e) => [e.status, e.rows])).toEqual(
      first.entities.map(() => ['alreadyComplete', 0]),
    );
    expect(await tableChecksums(store, true)).toEqual(before);
    const restarted = await runBackfill({
      uh: h.uh,
      cloudUrl: cloudUrl.toString(),
      batchSize: 5,
      restart: true,
    });
    expect(restarted.entities.map((e) => e.rows)).toEqual(first.entities.map((e) => e.rows));
    expect(restarted.rejects).toEqual(first.rejects);
    const after = await tableChecksums(store, true);
    // The checkpoints' last keys move with the batch size (5 vs 7); every data row is untouched.
    expect({ ...after, 'sync.checkpoint': '' }).toEqual({ ...before, 'sync.checkpoint': '' });
  });

  it('one worker at a time: of two concurrent runs one fails at once naming the holder, and the result is a clean run', async () => {
    const db = await h.database();
    const runs = await Promise.allSettled([
      runBackfill({ uh: h.uh, cloudUrl: db.url, batchSize: 3 }),
      runBackfill({ uh: h.uh, cloudUrl: db.url, batchSize: 3 }),
    ]);
    const failed = runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(BackfillLockedError);
    expect((failed[0]?.reason as Error).message).toMatch(
      /another backfill is running on this database \(held by PostgreSQL backend \d+: housing sync backfill \(pid \d+ on /,
    );
    const clean = await tableChecksums(store, false);
    const concurrent = await tableChecksums(db.store, false);
    expect({ ...concurrent, 'sync.checkpoint': '' }).toEqual({ ...clean, 'sync.checkpoint': '' });
  });

  it('says what was expected for a bad batch size or entity', async () => {
    await expect(
      runBackfill({ uh: h.uh, cloudUrl: 'postgres://x@127.0.0.1:1/x', batchSize: 0 }),
    ).rejects.toThrow('batchSize: expected a whole number from 1 to 50000, got 0');
    await expect(
      runBackfill({ uh: h.uh, cloudUrl: 'postgres://x@127.0.0.1:1/x', entities: ['nope' as 'property'] }),
    ).rejects.toThrow(
      'entity: expected one of tenureType, property, tenancy, member, contactDetails, repairRequest, rentTransaction, got "nope"',
    );
  });
});
