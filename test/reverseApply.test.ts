import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { outboxRows, startReverseHarness, type ReverseHarness } from './helpers/reverseHarness';
import { raiseRepairInCloud } from '../stores/cloud/writeCloud';
import { pendingWriteIsInUh, readUhImages } from '../sync/reverse/pendingWriteIsInUh';

// Reverse sync, cloud outbox -> UH, against a tiny-seeded UH simulator and a backfilled database, with the
// cloud mastering people, repairs and tenancies. Each entity's cloud write reaches UH in UH's own format and
// reads back through the legacy subgraph exactly as the cloud subgraph serves it; rows apply in order per
// key; applying a row twice, or again after a crash between the UH commit and the marking, writes once.
describe('reverse sync: outbox rows reach UH in its own format', () => {
  let h: ReverseHarness;
  beforeAll(async () => {
    h = await startReverseHarness();
    await h.setPhase('person', 'CLOUD');
    await h.setPhase('repairRequest', 'CLOUD');
    await h.setPhase('tenancy', 'CLOUD');
  });
  afterAll(() => h.close());

  const cycle = async (options = {}) => {
    h.clock.catchUp();
    h.takeUhRequests();
    return h.direction(options).cycle(new AbortController().signal);
  };
  const tstampHex = async (sql: string) =>
    ((await h.uhQuery<{ tstamp: Buffer }>(sql))[0]?.tstamp ?? Buffer.alloc(0)).toString('hex');

  const PERSON = `query ($id: ID!) { person(id: $id) { id contactDetails { email phones { number type } } } }`;
  const updateContacts = (personId: string, input: Record<string, unknown>) =>
    h.cloud(
      `mutation ($id: ID!, $input: ContactDetailsInput!) { updateContactDetails(personId: $id, input: $input) { id } }`,
      { id: personId, input },
    );

  it('contactDetails: the contacts row the graph reads gets the numbers and email, padded as UH pads them', async () => {
    const written = await updateContacts('0100008-1', {
      phones: [{ number: '07700 900111' }, { number: '020 7946 0999' }],
      email: 'joy.new@example.net',
    });
    expect(written.errors).toBeUndefined();
    const report = await cycle();
    expect(h.takeUhRequests()).toEqual(['householdContactForWrite', 'updateContactRow']);
    expect(report).toEqual({
      more: false,
      applied: 1,
      sources: [
        { source: 'contactDetails', lagSeconds: 0, lagRows: 0, applied: 1 },
        { source: 'repairRequest', lagSeconds: 0, lagRows: 0, applied: 0 },
        { source: 'tenancy', lagSeconds: 0, lagRows: 0, applied: 0 },
      ],
    });
    expect(
      await h.uhQuery(
        `SELECT con_phone1, con_phone2, con_phone3, email_address FROM dbo.contacts WHERE con_key = 2`,
      ),
    ).toEqual([
      {
        con_phone1: '07700 900111'.padEnd(21),
        con_phone2: '020 7946 0999'.padEnd(21),
        con_phone3: ' '.repeat(21),
        email_address: 'joy.new@example.net'.padEnd(50),
      },
    ]);
    const tstamp = await tstampHex('SELECT tstamp FROM dbo.contacts WHERE con_key = 2');
    expect(await outboxRows(h.pg, 'contactDetails')).toEqual([
      expect.objectContaining({ entity_key: '0100008', status: 'APPLIED', attempts: 1, uh_tstamp: tstamp }),
    ]);
    const cloudRow = await h.pg.query<{ uh_tstamp: Buffer }>(
      `SELECT uh_tstamp FROM housing.contact_details WHERE house_ref = '0100008'`,
    );
    expect(cloudRow.rows[0]?.uh_tstamp.toString('hex')).toBe(tstamp);
    const fromUh = await h.legacy(PERSON, { id: '0100008-1' });
    expect(fromUh.data.person.contactDetails).toEqual({
      email: 'joy.new@example.net',
      phones: [
        { number: '07700 900111', type: 'MOBILE' },
        { number: '020 7946 0999', type: 'HOME' },
      ],
    });
    expect(fromUh).toEqual(await h.cloud(PERSON, { id: '0100008-1' }));
  });

  it('contactDetails of a household with no contacts row: a new row on its tenancy, con_key from sysserial', async () => {
    await h.uhQuery(`DELETE FROM dbo.contacts WHERE tag_ref = '0900008/01'`);
    const [serial] = await h.uhQuery<{ ser_value: number }>(
      `SELECT ser_value FROM dbo.sysserial WHERE ser_type = 'contacts'`,
    );
    await updateContacts('0100011-1', { phones: [{ number: '07700 900222' }], email: 'tariq@example.org' });
    expect((await cycle()).applied).toBe(1);
    expect(h.takeUhRequests()).toEqual([
      'householdContactForWrite',
      'allocateSerial.contacts',
      'insertContactRow',
    ]);
    expect(
      await h.uhQuery(
        `SELECT con_key, con_ref, con_type, tag_ref, con_phone1, con_phone2, email_address, contacts_sid FROM dbo.contacts WHERE tag_ref = '0900008/01'`,
      ),
    ).toEqual([
      {
        con_key: Number(serial?.ser_value) + 1,
        con_ref: '0100011'.padEnd(12),
        con_type: 'T',
        tag_ref: '0900008/01 ',
        con_phone1: '07700 900222'.padEnd(21),
        con_phone2: ' '.repeat(21),
        email_address: 'tariq@example.org'.padEnd(50),
        contacts_sid: Number(serial?.ser_value) + 1,
      },
    ]);
    const fromUh = await h.legacy(PERSON, { id: '0100011-1' });
    expect(fromUh.data.person.contactDetails.phones).toEqual([{ number: '07700 900222', type: 'MOBILE' }]);
    expect(fromUh).toEqual(await h.cloud(PERSON, { id: '0100011-1' }));
  });

  const REPAIR = `query ($ref: String!) { repairRequest(reference: $ref) { reference property { reference } priority status raisedAt description } }`;

  it('repairRequest: inserted under its cloud reference (9xxxxxxx), as UH holds a raised request', async () => {
    const raised = await h.cloud(
      `mutation ($input: RaiseRepairRequestInput!) { raiseRepairRequest(input: $input) { reference } }`,
      {
        input: {
          propertyReference: '10009',
          description: 'Boiler not working',
          priority: 'URGENT',
          contactName: 'J Smith',
          contactPhone: '020 7946 0001',
        },
      },
    );
    const reference = raised.data.raiseRepairRequest.reference as string;
    expect(reference).toBe('90000000');
    const before = await h.uhQuery<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.rmreqst');
    expect((await cycle()).applied).toBe(1);
    expect(h.takeUhRequests()).toEqual(['repairForWrite', 'propertyForRepair', 'insertRepairRequest']);
    expect(await h.uhQuery<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.rmreqst')).toEqual([
      { n: Number(before[0]?.n) + 1 },
    ]);
    const [property] = await h.uhQuery<{ house_ref: string }>(
      `SELECT house_ref FROM dbo.property WHERE prop_ref = '00010009'`,
    );
    expect(
      await h.uhQuery(
        `SELECT rq_ref, prop_ref, house_ref, rq_priority, rq_status, rq_name, rq_phone, rq_cancel, rq_cancel_date, user_code
         FROM dbo.rmreqst WHERE rq_ref = '90000000'`,
      ),
    ).toEqual([
      {
        rq_ref: '90000000',
        prop_ref: '00010009    ',
        house_ref: (property?.house_ref ?? '').trim().padEnd(10),
        rq_priority: 'U  ',
        rq_status: '000',
        rq_name: 'J Smith'.padEnd(40),
        rq_phone: '020 7946 0001',
        rq_cancel: '   ',
        rq_cancel_date: null,
        user_code: 'API',
      },
    ]);
    const fromUh = await h.legacy(REPAIR, { ref: reference });
    expect(fromUh.data.repairRequest).toMatchObject({ reference, status: '000', priority: 'URGENT' });
    expect(fromUh).toEqual(await h.cloud(REPAIR, { ref: reference }));
  });

  // SQL Server's datetime keeps 1/300 s: a cloud time of .124 s was written to UH as .123 s, and the two
  // stores served different raisedAt for the same request for good.
  it('repairRequest raised in the cloud at a time UH cannot hold to the millisecond reads back identically', async () => {
    const outcome = await raiseRepairInCloud(h.pg, {
      propertyReference: '00010009',
      description: 'Window latch broken',
      priority: 'NORMAL',
      contactName: null,
      contactPhone: null,
      raisedAt: new Date('2026-04-06T09:30:15.124Z'),
    });
    if (outcome.kind !== 'raised') throw new Error(outcome.kind);
    expect((await cycle()).applied).toBe(1);
    const fromUh = await h.legacy(REPAIR, { ref: outcome.reference });
    expect(fromUh).toEqual(await h.cloud(REPAIR, { ref: outcome.reference }));
  });

  const TENANCY = `query ($ref: String!) { tenancy(reference: $ref) { reference startDate endDate isActive } }`;

  it('tenancy end: eot (midnight) and terminated as the cloud decided, read back identically', async () => {
    const ended = await h.cloud(
      `mutation { endTenancy(reference: "0900024/01", endDate: "2026-05-31") { reference } }`,
    );
    expect(ended.errors).toBeUndefined();
    const past = await h.cloud(
      `mutation { endTenancy(reference: "0900032/01", endDate: "2026-04-01") { reference } }`,
    );
    expect(past.errors).toBeUndefined();
    expect((await cycle()).applied).toBe(2);
    expect(
      await h.uhQuery(
        `SELECT tag_ref, CONVERT(varchar(19), eot, 120) AS eot, terminated FROM dbo.tenagree WHERE tag_ref IN ('0900024/01', '0900032/01') ORDER BY tag_ref`,
      ),
    ).toEqual([
      { tag_ref: '0900024/01 ', eot: '2026-05-31 00:00:00', terminated: false },
      { tag_ref: '0900032/01 ', eot: '2026-04-01 00:00:00', terminated: true },
    ]);
    for (const ref of ['0900024/01', '0900032/01']) {
      const fromUh = await h.legacy(TENANCY, { ref });
      expect(fromUh.data.tenancy.endDate).not.toBeNull();
      expect(fromUh).toEqual(await h.cloud(TENANCY, { ref }));
    }
  });

  it('applies rows in order per key, one key at a time, while other keys go side by side', async () => {
    for (const email of ['first@example.net', 'second@example.net', 'third@example.net']) {
      await updateContacts('0100020-1', { email });
      await updateContacts('0100024-1', { email: email.replace('@', '.b@') });
    }
    // One row per cycle: the key's rows come in id order, and each cycle says more is waiting.
    const reports = [];
    for (let i = 0; i < 6; i++) reports.push(await cycle({ batchSize: 1 }));
    expect(reports.map((report) => [report.more, report.applied])).toEqual([
      [true, 1],
      [true, 1],
      [true, 1],
      [true, 1],
      [true, 1],
      [true, 1],
    ]);
    expect((await cycle({ batchSize: 1 })).applied).toBe(0);
    const rows = await outboxRows(h.pg, 'contactDetails');
    for (const key of ['0100020', '0100024']) {
      const ofKey = rows.filter((row) => row.entity_key === key);
      expect(ofKey.map((row) => row.status)).toEqual(['APPLIED', 'APPLIED', 'APPLIED']);
      // UH gave each write a later rowversion than the one before: applied in the cloud's order.
      const tstamps = ofKey.map((row) => row.uh_tstamp ?? '');
      expect([...tstamps].sort()).toEqual(tstamps);
      expect(new Set(tstamps).size).toBe(3);
    }
    expect((await h.legacy(PERSON, { id: '0100020-1' })).data.person.contactDetails.email).toBe(
      'third@example.net',
    );
    expect((await h.legacy(PERSON, { id: '0100024-1' })).data.person.contactDetails.email).toBe(
      'third.b@example.net',
    );
    const conflicts = await h.pg.query('SELECT count(*)::int AS n FROM sync.conflict');
    expect(conflicts.rows).toEqual([{ n: 0 }]);
  });

  it('applying the same outbox row twice writes to UH once', async () => {
    await updateContacts('0100031-1', { phones: [{ number: '07700 900333' }] });
    await h.cloud(`mutation { endTenancy(reference: "0900045/01", endDate: "2026-06-30") { reference } }`);
    expect((await cycle()).applied).toBe(2);
    const applied = await outboxRows(h.pg);
    const dbts = await h.dbts();
    await h.pg.query(
      `UPDATE sync.outbox SET status = 'PENDING', applied_at = NULL WHERE entity_key IN ('0100031', '0900045/01')`,
    );
    expect((await cycle()).applied).toBe(2);
    expect(h.takeUhRequests().sort()).toEqual(['householdContactForWrite', 'tenancyForEnd']);
    expect(await h.dbts()).toBe(dbts);
    const again = await outboxRows(h.pg);
    expect(again.map((row) => [row.id, row.status, row.uh_tstamp])).toEqual(
      applied.map((row) => [row.id, row.status, row.uh_tstamp]),
    );
  });

  it('exports the UH image check forward capture uses: true for what UH holds, false for anything else', async () => {
    const { rows } = await h.pg.query<{ entity: string; entity_key: string; payload: unknown }>(
      `SELECT DISTINCT ON (entity) entity, entity_key, payload FROM sync.outbox WHERE status = 'APPLIED' ORDER BY entity, id DESC`,
    );
    expect(rows.map((row) => row.entity)).toEqual(['contactDetails', 'repairRequest', 'tenancy']);
    for (const row of rows) {
      const entity = row.entity as 'contactDetails' | 'repairRequest' | 'tenancy';
      const images = await readUhImages(h.uh, entity, [row.entity_key]);
      const image = images.get(row.entity_key);
      expect(image?.tstamp).toBeInstanceOf(Buffer);
      expect(pendingWriteIsInUh(entity, row.payload, image)).toBe(true);
      expect(pendingWriteIsInUh(entity, row.payload, null)).toBe(false);
      const changed = { ...(row.payload as Record<string, unknown>) };
      if (entity === 'contactDetails') changed.email = 'other@example.net';
      if (entity === 'repairRequest') changed.description = 'Something else';
      if (entity === 'tenancy') changed.endDate = '2027-01-01';
      expect(pendingWriteIsInUh(entity, changed, image)).toBe(false);
    }
    expect(pendingWriteIsInUh('member', {}, {})).toBe(false);
  });

  /** Run one cycle in a child process with a crash point armed: it dies by SIGKILL there. */
  const cycleInChild = (crashAt: string) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve, reject) => {
      const script = join(__dirname, 'helpers', 'runReverseCycle.ts');
      const config = { crashAt, uhUrl: h.uhUrl, pgUrl: h.db.url, now: h.clock.catchUp().toISOString() };
      const child = spawn(
        process.execPath,
        [
          '-e',
          `require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`,
          JSON.stringify(config),
        ],
        { stdio: 'pipe' },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve({ code, signal, output }));
    });

  const raiseInCloud = async (description: string) => {
    const outcome = await raiseRepairInCloud(h.pg, {
      propertyReference: '00010009',
      description,
      priority: 'NORMAL',
      contactName: null,
      contactPhone: null,
      raisedAt: new Date('2026-04-06T10:00:00Z'),
    });
    if (outcome.kind !== 'raised') throw new Error(outcome.kind);
    return outcome.reference;
  };
  const repairCount = async (reference: string) =>
    (await h.uhQuery<{ n: number }>(`SELECT COUNT(*) AS n FROM dbo.rmreqst WHERE rq_ref = '${reference}'`))[0]
      ?.n;

  it('a crash after the UH commit and before the marking: the next cycle writes nothing and marks the row', async () => {
    const reference = await raiseInCloud('Crash after the UH write');
    const child = await cycleInChild('reverse.afterUhWrite:1');
    expect([child.code, child.signal]).toEqual([null, 'SIGKILL']);
    expect(await repairCount(reference)).toBe(1);
    expect((await outboxRows(h.pg, 'repairRequest')).at(-1)).toMatchObject({
      status: 'PENDING',
      attempts: 0,
    });
    const dbts = await h.dbts();
    expect((await cycle()).applied).toBe(1);
    expect(h.takeUhRequests()).toEqual(['repairForWrite']);
    expect(await h.dbts()).toBe(dbts);
    expect(await repairCount(reference)).toBe(1);
    const tstamp = await tstampHex(`SELECT tstamp FROM dbo.rmreqst WHERE rq_ref = '${reference}'`);
    expect((await outboxRows(h.pg, 'repairRequest')).at(-1)).toMatchObject({
      status: 'APPLIED',
      uh_tstamp: tstamp,
    });
    const conflicts = await h.pg.query('SELECT count(*)::int AS n FROM sync.conflict');
    expect(conflicts.rows).toEqual([{ n: 0 }]);
  });

  it('a crash before the UH commit: UH rolls the write back, and the next cycle writes it once', async () => {
    const reference = await raiseInCloud('Crash before the UH commit');
    const child = await cycleInChild('reverse.beforeUhCommit:1');
    expect([child.code, child.signal]).toEqual([null, 'SIGKILL']);
    expect(await repairCount(reference)).toBe(0);
    expect((await cycle()).applied).toBe(1);
    expect(await repairCount(reference)).toBe(1);
  });

  it('a crash after the marking loses nothing and repeats nothing', async () => {
    const reference = await raiseInCloud('Crash after the marking');
    const child = await cycleInChild('reverse.afterMark:1');
    expect([child.code, child.signal]).toEqual([null, 'SIGKILL']);
    expect((await outboxRows(h.pg, 'repairRequest')).at(-1)).toMatchObject({ status: 'APPLIED' });
    const dbts = await h.dbts();
    expect((await cycle()).applied).toBe(0);
    expect(h.takeUhRequests()).toEqual([]);
    expect(await h.dbts()).toBe(dbts);
    expect(await repairCount(reference)).toBe(1);
  });
});
