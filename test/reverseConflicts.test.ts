import { outboxRows, startReverseHarness, type ReverseHarness } from './helpers/reverseHarness';

// Reverse sync meets a UH row changed since the cloud last synced it: both versions are kept in
// sync.conflict and the entity's master (its phase) wins: CLOUD writes over UH, otherwise the outbox row
// is set aside (CONFLICT) and UH keeps its version. Text UH cannot hold reaches UH as the nearest value it
// can hold, with the difference recorded in sync.lossy_text, while the cloud keeps the exact text.
describe('reverse sync: conflicts by phase, text UH cannot hold', () => {
  let h: ReverseHarness;
  beforeAll(async () => {
    h = await startReverseHarness();
  });
  afterAll(() => h.close());

  const signal = new AbortController().signal;
  const cycle = () => {
    h.clock.catchUp();
    return h.direction().cycle(signal);
  };
  const conflicts = async () =>
    (
      await h.pg.query<{
        entity: string;
        entity_key: string;
        winner: string;
        detected_by: string;
        outbox_id: string;
        uh_tstamp: Buffer;
        uh_version: unknown;
        cloud_version: unknown;
        resolution: string;
      }>(
        `SELECT entity, entity_key, winner, detected_by, outbox_id, uh_tstamp, uh_version, cloud_version, resolution
         FROM sync.conflict ORDER BY id`,
      )
    ).rows.map((row) => ({
      ...row,
      outbox_id: Number(row.outbox_id),
      uh_tstamp: row.uh_tstamp.toString('hex'),
    }));
  const tenagreeTstamp = async (ref: string) =>
    (
      (await h.uhQuery<{ tstamp: Buffer }>(`SELECT tstamp FROM dbo.tenagree WHERE tag_ref = '${ref}'`))[0]
        ?.tstamp ?? Buffer.alloc(0)
    ).toString('hex');
  const endInUh = async (ref: string) =>
    h.uhQuery(
      `SELECT CONVERT(varchar(10), eot, 120) AS eot, terminated FROM dbo.tenagree WHERE tag_ref = '${ref}'`,
    );

  it('tenancy in CLOUD: a UH change since the last sync is a conflict the cloud wins; both versions kept', async () => {
    await h.setPhase('tenancy', 'CLOUD');
    await h.cloud(`mutation { endTenancy(reference: "0900024/01", endDate: "2026-05-31") { reference } }`);
    // A housing officer changes the tenancy in UH meanwhile (its rowversion moves on).
    await h.uhQuery(`UPDATE dbo.tenagree SET rent = rent + 1 WHERE tag_ref = '0900024/01'`);
    const changed = await tenagreeTstamp('0900024/01');
    expect((await cycle()).applied).toBe(1);
    expect(await endInUh('0900024/01')).toEqual([{ eot: '2026-05-31', terminated: false }]);
    const [row] = await outboxRows(h.pg, 'tenancy');
    expect(row).toMatchObject({ status: 'APPLIED', uh_tstamp: await tenagreeTstamp('0900024/01') });
    expect(await conflicts()).toEqual([
      {
        entity: 'tenancy',
        entity_key: '0900024/01',
        winner: 'CLOUD',
        detected_by: 'reverse',
        outbox_id: row?.id,
        uh_tstamp: changed,
        uh_version: { endDate: null, terminated: false },
        cloud_version: { reference: '0900024/01', endDate: '2026-05-31', terminated: false },
        resolution: `cloud masters tenancy: outbox row ${row?.id} written over the UH version`,
      },
    ]);
  });

  it('tenancy no longer in CLOUD (rolled back): UH wins, the outbox row is set aside, nothing written', async () => {
    await h.cloud(`mutation { endTenancy(reference: "0900032/01", endDate: "2026-06-30") { reference } }`);
    await h.setPhase('tenancy', 'SHADOW');
    await h.uhQuery(`UPDATE dbo.tenagree SET rent = rent + 1 WHERE tag_ref = '0900032/01'`);
    const changed = await tenagreeTstamp('0900032/01');
    const dbts = await h.dbts();
    expect((await cycle()).applied).toBe(0);
    expect(await h.dbts()).toBe(dbts);
    // Still running, as UH writes it: no end date is 1900-01-01.
    expect(await endInUh('0900032/01')).toEqual([{ eot: '1900-01-01', terminated: false }]);
    const row = (await outboxRows(h.pg, 'tenancy')).at(-1);
    const resolution = `UH masters tenancy: UH version kept, outbox row ${row?.id} not written (status CONFLICT)`;
    expect(row).toMatchObject({ status: 'CONFLICT', uh_tstamp: null, last_error: resolution });
    expect((await conflicts()).at(-1)).toEqual({
      entity: 'tenancy',
      entity_key: '0900032/01',
      winner: 'UH',
      detected_by: 'reverse',
      outbox_id: row?.id,
      uh_tstamp: changed,
      uh_version: { endDate: null, terminated: false },
      cloud_version: { reference: '0900032/01', endDate: '2026-06-30', terminated: false },
      resolution,
    });
  });

  it('one conflict per outbox row and UH version: one forward capture recorded already is not recorded again', async () => {
    await h.setPhase('tenancy', 'CLOUD');
    await h.cloud(`mutation { endTenancy(reference: "0900045/01", endDate: "2026-07-31") { reference } }`);
    await h.uhQuery(`UPDATE dbo.tenagree SET rent = rent + 1 WHERE tag_ref = '0900045/01'`);
    const row = (await outboxRows(h.pg, 'tenancy')).at(-1);
    await h.pg.query(
      `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner, detected_by, outbox_id, uh_tstamp, resolution)
       VALUES ('tenancy', '0900045/01', '{}', '{}', 'CLOUD', 'forward', $1, $2, 'recorded by forward')`,
      [row?.id, Buffer.from(await tenagreeTstamp('0900045/01'), 'hex')],
    );
    const before = (await conflicts()).length;
    expect((await cycle()).applied).toBe(1);
    expect(await conflicts()).toHaveLength(before);
    expect(await endInUh('0900045/01')).toEqual([{ eot: '2026-07-31', terminated: false }]);
  });

  it('repairRequest in CLOUD: a row UH already holds under the cloud reference is overwritten, the conflict kept', async () => {
    await h.setPhase('repairRequest', 'CLOUD');
    const raised = await h.cloud(
      `mutation { raiseRepairRequest(input: { propertyReference: "10009", description: "Damp in bedroom", priority: NORMAL }) { reference } }`,
    );
    const reference = raised.data.raiseRepairRequest.reference as string;
    await h.uhQuery(
      `INSERT INTO dbo.rmreqst (rq_ref, prop_ref, rq_date, rq_problem, rq_priority, rq_status) VALUES ('${reference}', '00010009', '2026-01-01', 'Something else', 'E', '100')`,
    );
    expect((await cycle()).applied).toBe(1);
    expect(h.takeUhRequests()).toContain('overwriteRepairRequest');
    expect(
      await h.uhQuery(
        `SELECT rq_problem, rq_priority, rq_status FROM dbo.rmreqst WHERE rq_ref = '${reference}'`,
      ),
    ).toEqual([{ rq_problem: 'Damp in bedroom', rq_priority: 'N  ', rq_status: '000' }]);
    expect((await conflicts()).at(-1)).toMatchObject({
      entity: 'repairRequest',
      entity_key: reference,
      winner: 'CLOUD',
      uh_version: { reference, description: 'Something else', priority: 'EMERGENCY', status: '100' },
    });
  });

  it('contactDetails: the first apply records the baseline; a UH change after it is a conflict UH wins outside CLOUD', async () => {
    await h.setPhase('person', 'CLOUD');
    const update = (email: string) =>
      h.cloud(
        `mutation { updateContactDetails(personId: "0100018-1", input: { email: "${email}" }) { id } }`,
      );
    await update('one@example.net');
    expect((await cycle()).applied).toBe(1);
    const before = (await conflicts()).length;
    // The next write over our own: no conflict.
    await update('two@example.net');
    expect((await cycle()).applied).toBe(1);
    expect(await conflicts()).toHaveLength(before);
    // UH edits the row, the entity is rolled back to SHADOW, then an outbox row written before reaches UH.
    await update('three@example.net');
    await h.uhQuery(`UPDATE dbo.contacts SET con_phone3 = '020 7946 0111' WHERE tag_ref = '0900017/01'`);
    await h.setPhase('person', 'SHADOW');
    expect((await cycle()).applied).toBe(0);
    expect((await outboxRows(h.pg, 'contactDetails')).at(-1)).toMatchObject({ status: 'CONFLICT' });
    expect((await conflicts()).at(-1)).toMatchObject({
      entity: 'contactDetails',
      entity_key: '0100018',
      winner: 'UH',
      uh_version: {
        email: 'two@example.net',
        phones: expect.arrayContaining([{ number: '020 7946 0111', type: 'HOME' }]),
      },
    });
    expect(
      (await h.legacy(`{ person(id: "0100018-1") { contactDetails { email } } }`)).data.person.contactDetails
        .email,
    ).toBe('two@example.net');
    await h.setPhase('person', 'CLOUD');
  });

  it('text UH cannot hold: UH gets the nearest value, the cloud keeps the exact text, the difference is recorded', async () => {
    const raised = await h.cloud(
      `mutation ($input: RaiseRepairRequestInput!) { raiseRepairRequest(input: $input) { reference description } }`,
      {
        input: {
          propertyReference: '10009',
          description: 'Leak at 3 Łąkowa Court – €40 part',
          priority: 'URGENT',
          contactName: 'Łukasz Nowak',
          contactPhone: '020 7946 0002',
        },
      },
    );
    const reference = raised.data.raiseRepairRequest.reference as string;
    expect((await cycle()).applied).toBe(1);
    expect(
      await h.uhQuery(`SELECT rq_problem, rq_name FROM dbo.rmreqst WHERE rq_ref = '${reference}'`),
    ).toEqual([{ rq_problem: 'Leak at 3 Lakowa Court – €40 part', rq_name: 'Lukasz Nowak'.padEnd(40) }]);
    const [row] = (await outboxRows(h.pg, 'repairRequest')).filter((r) => r.entity_key === reference);
    const lossy = await h.pg.query(
      `SELECT field, cloud_value, uh_value, outbox_id::int AS outbox_id FROM sync.lossy_text WHERE entity = 'repairRequest' AND entity_key = $1 ORDER BY field`,
      [reference],
    );
    expect(lossy.rows).toEqual([
      { field: 'contact_name', cloud_value: 'Łukasz Nowak', uh_value: 'Lukasz Nowak', outbox_id: row?.id },
      {
        field: 'description',
        cloud_value: 'Leak at 3 Łąkowa Court – €40 part',
        uh_value: 'Leak at 3 Lakowa Court – €40 part',
        outbox_id: row?.id,
      },
    ]);
    const query = `{ repairRequest(reference: "${reference}") { description } }`;
    expect((await h.cloud(query)).data.repairRequest.description).toBe('Leak at 3 Łąkowa Court – €40 part');
    expect((await h.legacy(query)).data.repairRequest.description).toBe('Leak at 3 Lakowa Court – €40 part');
    // The nearest value is what UH is meant to hold: applying the row again writes nothing.
    await h.pg.query(`UPDATE sync.outbox SET status = 'PENDING' WHERE id = $1`, [row?.id]);
    const dbts = await h.dbts();
    expect((await cycle()).applied).toBe(1);
    expect(await h.dbts()).toBe(dbts);
  });

  it('a later write UH can hold exactly clears the recorded difference', async () => {
    const update = (email: string) =>
      h.cloud(
        `mutation { updateContactDetails(personId: "0100020-1", input: { email: "${email}" }) { id } }`,
      );
    await update('łukasz@example.net');
    expect((await cycle()).applied).toBe(1);
    const lossy = () =>
      h.pg.query(
        `SELECT field, cloud_value, uh_value FROM sync.lossy_text WHERE entity = 'contactDetails' AND entity_key = '0100020'`,
      );
    expect((await lossy()).rows).toEqual([
      { field: 'email', cloud_value: 'łukasz@example.net', uh_value: 'lukasz@example.net' },
    ]);
    await update('lukasz@example.net');
    expect((await cycle()).applied).toBe(1);
    expect((await lossy()).rows).toEqual([]);
  });
});
