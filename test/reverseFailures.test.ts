import { outboxRows, startReverseHarness, type ReverseHarness } from './helpers/reverseHarness';
import { LegacyStoreUnavailableError } from '../stores/uh/legacyStoreErrors';
import { updateContactDetailsInCloud } from '../stores/cloud/writeCloud';
import { DeadLetterNotOpenError, listDeadLetters, retryDeadLetters } from '../sync/reverse/deadLetters';

// Reverse sync when UH cannot take a row: while UH (or the VPN) is away rows are retried with backoff by
// the injected clock, order per key kept, and sync resumes by itself; a row UH can never take is
// dead-lettered with its reason while later rows of its key go on; a dead letter can be retried.
describe('reverse sync: retries, dead letters', () => {
  let h: ReverseHarness;
  beforeAll(async () => {
    h = await startReverseHarness();
    await h.setPhase('person', 'CLOUD');
    await h.setPhase('repairRequest', 'CLOUD');
    await h.setPhase('tenancy', 'CLOUD');
  });
  afterAll(() => h.close());

  const signal = new AbortController().signal;
  const updateContacts = async (personId: string, input: Record<string, unknown>) => {
    const result = await h.cloud(
      `mutation ($id: ID!, $input: ContactDetailsInput!) { updateContactDetails(personId: $id, input: $input) { id } }`,
      { id: personId, input },
    );
    expect(result.errors).toBeUndefined();
  };
  const raiseRepair = async (propertyReference: string) => {
    const result = await h.cloud(
      `mutation ($input: RaiseRepairRequestInput!) { raiseRepairRequest(input: $input) { reference } }`,
      { input: { propertyReference, description: 'Front door will not lock', priority: 'NORMAL' } },
    );
    expect(result.errors).toBeUndefined();
    return result.data.raiseRepairRequest.reference as string;
  };
  const emailInUh = async (personId: string) =>
    (await h.legacy(`{ person(id: "${personId}") { contactDetails { email } } }`)).data.person.contactDetails
      .email;

  it('UH away: attempts and next_attempt_at advance with backoff by the clock, order kept, then it resumes as soon as UH answers', async () => {
    await updateContacts('0100008-1', { email: 'first@example.net' });
    await updateContacts('0100008-1', { email: 'second@example.net' });
    const reference = await raiseRepair('10009');
    await h.stopUh();
    const direction = h.direction();
    const t0 = h.clock.catchUp();

    await expect(direction.cycle(signal)).rejects.toBeInstanceOf(LegacyStoreUnavailableError);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const view = async () =>
      (await outboxRows(h.pg)).map((row) => [row.entity_key, row.status, row.attempts, row.next_attempt_at]);
    const [contact1, contact2, repair] = await outboxRows(h.pg);
    // Both keys' first rows were tried (keys run side by side); the key's second row waits behind its first.
    expect(await view()).toEqual([
      ['0100008', 'PENDING', 1, at(1000)],
      ['0100008', 'PENDING', 0, contact2?.next_attempt_at],
      [reference, 'PENDING', 1, at(1000)],
    ]);
    expect(contact1?.last_error).toMatch(/^UH is unavailable: /);
    expect(repair?.last_error).toMatch(/^UH is unavailable: /);

    // Not due yet: nothing is tried; UH is asked only whether it is back (one trivial request); the lag is
    // visible.
    h.clock.advance(999);
    h.takeUhRequests();
    const waiting = await direction.cycle(signal);
    expect(h.takeUhRequests()).toEqual(['ping']);
    expect(waiting.applied).toBe(0);
    expect(waiting.sources.map((s) => [s.source, s.lagRows, s.lagSeconds > 0])).toEqual([
      ['contactDetails', 2, true],
      ['repairRequest', 1, true],
      ['tenancy', 0, false],
    ]);

    h.clock.advance(1);
    await expect(direction.cycle(signal)).rejects.toBeInstanceOf(LegacyStoreUnavailableError);
    expect(await view()).toEqual([
      ['0100008', 'PENDING', 2, at(1000 + 2000)],
      ['0100008', 'PENDING', 0, contact2?.next_attempt_at],
      [reference, 'PENDING', 2, at(1000 + 2000)],
    ]);
    h.clock.advance(2000);
    await expect(direction.cycle(signal)).rejects.toBeInstanceOf(LegacyStoreUnavailableError);
    expect((await outboxRows(h.pg))[0]?.next_attempt_at).toEqual(at(3000 + 4000));

    // UH answers again well before the rows' next try (at 7000): rows held back only by its outage are due at
    // once, so the sync catches up when UH returns, not up to a minute later.
    await h.startUh();
    h.clock.advance(1000);
    expect((await direction.cycle(signal)).applied).toBe(3);
    expect(await view()).toEqual([
      ['0100008', 'APPLIED', 4, at(4000)],
      ['0100008', 'APPLIED', 1, contact2?.next_attempt_at],
      [reference, 'APPLIED', 4, at(4000)],
    ]);
    const [first, second] = await outboxRows(h.pg, 'contactDetails');
    expect((first?.uh_tstamp ?? '') < (second?.uh_tstamp ?? '')).toBe(true);
    expect(await emailInUh('0100008-1')).toBe('second@example.net');
    expect((await h.legacy(`{ repairRequest(reference: "${reference}") { reference } }`)).data).toEqual({
      repairRequest: { reference },
    });
  });

  it('a deadlock (1205) is retried with backoff; other keys go on in the same cycle', async () => {
    await h.cloud(`mutation { endTenancy(reference: "0900024/01", endDate: "2026-05-31") { reference } }`);
    await updateContacts('0100011-1', { email: 'other.key@example.net' });
    h.injectUhFault({ number: 1205, match: /UPDATE dbo\.tenagree/ });
    const now = h.clock.catchUp();
    const report = await h.direction().cycle(signal);
    expect(report.applied).toBe(1);
    expect(await emailInUh('0100011-1')).toBe('other.key@example.net');
    const [tenancy] = await outboxRows(h.pg, 'tenancy');
    expect(tenancy).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      next_attempt_at: new Date(now.getTime() + 1000),
      last_error: 'UH rejected endTenancy (SQL Server error 1205): chosen as deadlock victim',
    });
    h.clock.advance(1000);
    expect((await h.direction().cycle(signal)).applied).toBe(1);
    expect((await outboxRows(h.pg, 'tenancy'))[0]).toMatchObject({ status: 'APPLIED', attempts: 2 });
  });

  let contactDeadLetter: number;
  let repairDeadLetter: number;
  let repairReference: string;

  it('a row UH can never take is DEAD with a dead letter saying why; later rows of its key go on', async () => {
    // A property the cloud has and UH does not (e.g. created in the cloud after the move).
    await h.pg.query(
      `INSERT INTO housing.property (reference, level, level_code) VALUES ('00099999', 'DWELLING', '7')`,
    );
    repairReference = await raiseRepair('00099999');
    // A number longer than UH's char(21) phone fields (written by another client of the cloud store).
    await updateContactDetailsInCloud(h.pg, '0100014', { phones: ['0'.repeat(22)] });
    await updateContacts('0100014-1', { phones: [{ number: '07700 900444' }], email: 'later@example.net' });
    await h.pg.query(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload) VALUES
       ('tenancy', '0900052/01', 'UPDATE', '{"reference": "0900052/01", "endDate": "31/05/2026"}'),
       ('member', '0100004-1', 'UPDATE', '{}')`,
    );
    h.clock.catchUp();
    const report = await h.direction().cycle(signal);
    expect(report.applied).toBe(1);
    expect(
      await h.legacy(`{ person(id: "0100014-1") { contactDetails { email phones { number } } } }`),
    ).toEqual({
      data: {
        person: { contactDetails: { email: 'later@example.net', phones: [{ number: '07700 900444' }] } },
      },
    });
    const letters = await listDeadLetters(h.pg);
    expect(
      letters.map((letter) => [
        letter.entity,
        letter.entityKey,
        letter.errorNumber,
        letter.attempts,
        letter.reason,
      ]),
    ).toEqual([
      ['repairRequest', repairReference, null, 1, 'property 00099999 does not exist in UH'],
      [
        'contactDetails',
        '0100014',
        8152,
        1,
        expect.stringMatching(
          /^UH rejected updateContactRow \(SQL Server error 8152\): a value is longer than its UH column - /,
        ),
      ],
      [
        'tenancy',
        '0900052/01',
        null,
        1,
        'tenancy UPDATE payload: endDate: expected YYYY-MM-DD, got "31/05/2026"; terminated: expected true or false, got undefined',
      ],
      [
        'member',
        '0100004-1',
        null,
        1,
        'outbox entity "member": expected one of contactDetails, repairRequest, tenancy',
      ],
    ]);
    expect(letters[1]?.payload).toMatchObject({ phones: ['0'.repeat(22)] });
    repairDeadLetter = letters[0]?.id ?? 0;
    contactDeadLetter = letters[1]?.id ?? 0;
    const statuses = (await outboxRows(h.pg))
      .filter((row) => ['0100014', '0900052/01', '0100004-1', repairReference].includes(row.entity_key))
      .map((row) => [row.entity_key, row.status]);
    expect(statuses).toEqual([
      [repairReference, 'DEAD'],
      ['0100014', 'DEAD'],
      ['0100014', 'APPLIED'],
      ['0900052/01', 'DEAD'],
      ['0100004-1', 'DEAD'],
    ]);
  });

  it('retry puts a dead letter back: a contact record superseded by a later one applied is not written again', async () => {
    const retried = await retryDeadLetters(h.pg, contactDeadLetter, h.clock.catchUp());
    expect(retried.map((letter) => [letter.id, letter.retriedAt])).toEqual([
      [contactDeadLetter, h.clock.now()],
    ]);
    const dbts = await h.dbts();
    expect((await h.direction().cycle(signal)).applied).toBe(1);
    expect(await h.dbts()).toBe(dbts);
    const [superseded] = (await outboxRows(h.pg, 'contactDetails')).filter(
      (row) => row.entity_key === '0100014',
    );
    expect(superseded).toMatchObject({
      status: 'APPLIED',
      uh_tstamp: null,
      last_error: expect.stringMatching(
        /^not written: outbox row \d+, applied before it, carries the whole later record$/,
      ),
    });
    await expect(retryDeadLetters(h.pg, contactDeadLetter)).rejects.toThrow(
      new DeadLetterNotOpenError(
        `dead letter ${contactDeadLetter} was already retried at ${h.clock.now().toISOString()}`,
      ),
    );
    await expect(retryDeadLetters(h.pg, 99_999)).rejects.toThrow(
      'dead letter 99999 does not exist (housing sync dead-letters lists them)',
    );
  });

  it('retry all: the repair applies once UH has its property; a row that still cannot apply gets a new dead letter', async () => {
    await h.uhQuery(
      `INSERT INTO dbo.property (prop_ref, level_code, house_ref) VALUES ('00099999', '7', '')`,
    );
    const retried = await retryDeadLetters(h.pg, 'all', h.clock.catchUp());
    expect(retried.map((letter) => letter.entity)).toEqual(['repairRequest', 'tenancy', 'member']);
    expect(retried[0]?.id).toBe(repairDeadLetter);
    expect((await h.direction().cycle(signal)).applied).toBe(1);
    expect(
      (await h.legacy(`{ repairRequest(reference: "${repairReference}") { property { reference } } }`)).data,
    ).toEqual({ repairRequest: { property: { reference: '00099999' } } });
    const open = await listDeadLetters(h.pg);
    expect(open.map((letter) => [letter.entity, letter.attempts])).toEqual([
      ['tenancy', 2],
      ['member', 2],
    ]);
    expect(await listDeadLetters(h.pg, { includeRetried: true })).toHaveLength(6);
    expect(await retryDeadLetters(h.pg, 'all')).toHaveLength(2);
  });
});
