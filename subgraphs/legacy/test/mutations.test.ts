import { faultRecords, startLegacyHarness, type LegacyHarness } from './legacyHarness';

// Mutations are validated first, then written to UH in one transaction each, allocating references the
// way UH does (sysserial). Each test reads back through the graph and through UH's own tables.
describe('legacy subgraph: mutations write to UH', () => {
  let harness: LegacyHarness;
  beforeAll(async () => {
    harness = await startLegacyHarness();
  });
  afterAll(() => harness.close());

  const uh = async (text: string) => {
    const session = harness.simulator.engine.openSession();
    try {
      const result = await session.execute(text, []);
      const outcome = result.outcomes[0];
      return outcome?.kind === 'resultSet' ? outcome.resultSet.rows : [];
    } finally {
      session.close();
    }
  };

  describe('raiseRepairRequest', () => {
    const raise = (input: Record<string, unknown>) =>
      harness.run(
        `mutation ($input: RaiseRepairRequestInput!) { raiseRepairRequest(input: $input) { reference property { reference } priority status description raisedAt } }`,
        { input },
      );

    it('allocates the next rq_ref from sysserial and inserts the request', async () => {
      const before = Number(
        (await uh(`SELECT ser_value FROM dbo.sysserial WHERE ser_type = 'rmreqst'`))[0]?.[0],
      );
      const result = await raise({
        propertyReference: '10009',
        description: 'Boiler not working',
        priority: 'URGENT',
        contactName: 'J Smith',
      });
      expect(result.errors).toBeUndefined();
      const expected = String(before + 1).padStart(8, '0');
      expect(result.data.raiseRepairRequest).toMatchObject({
        reference: expected,
        property: { reference: '00010009' },
        priority: 'URGENT',
        status: '000',
        description: 'Boiler not working',
      });
      expect(
        await uh(
          `SELECT rq_ref, prop_ref, rq_priority, rq_name FROM dbo.rmreqst WHERE rq_ref = '${expected}'`,
        ),
      ).toEqual([[expected, '00010009    ', 'U  ', 'J Smith'.padEnd(40)]]);
      const again = await raise({
        propertyReference: '10009',
        description: 'Second one',
        priority: 'NORMAL',
      });
      expect(again.data.raiseRepairRequest.reference).toBe(String(before + 2).padStart(8, '0'));
    });

    it('refuses a property UH marks as not maintained, and writes nothing', async () => {
      const count = (await uh('SELECT COUNT(*) FROM dbo.rmreqst'))[0]?.[0];
      const root = faultRecords(harness.manifest, 'blank-root-major-ref')[0]?.key.prop_ref;
      const result = await raise({
        propertyReference: String(root),
        description: 'Roof leak',
        priority: 'NORMAL',
      });
      expect(result.errors?.[0]).toMatchObject({
        extensions: { code: 'CONFLICT' },
        message: `repairs cannot be raised on property ${root}: UH marks it as not maintained`,
      });
      expect(await uh('SELECT COUNT(*) FROM dbo.rmreqst')).toEqual([[count]]);
    });

    it('a write UH fails half-way is undone whole: the reference taken from sysserial is given back', async () => {
      const [[serial]] = (await uh(`SELECT ser_value FROM dbo.sysserial WHERE ser_type = 'rmreqst'`)) as [
        [number],
      ];
      const count = (await uh('SELECT COUNT(*) FROM dbo.rmreqst'))[0]?.[0];
      // the next number has 9 digits: rq_ref (char(8)) cannot hold it, so the insert fails after the increment
      await uh(`UPDATE dbo.sysserial SET ser_value = 99999999 WHERE ser_type = 'rmreqst'`);
      try {
        const result = await raise({ propertyReference: '10009', description: 'Leak', priority: 'NORMAL' });
        expect(result.errors?.[0]?.path).toEqual(['raiseRepairRequest']);
        expect(await uh(`SELECT ser_value FROM dbo.sysserial WHERE ser_type = 'rmreqst'`)).toEqual([
          [99999999],
        ]);
        expect(await uh('SELECT COUNT(*) FROM dbo.rmreqst')).toEqual([[count]]);
      } finally {
        await uh(`UPDATE dbo.sysserial SET ser_value = ${serial} WHERE ser_type = 'rmreqst'`);
      }
    });

    it.each([
      [
        { propertyReference: '99999999', description: 'Leak', priority: 'NORMAL' },
        'NOT_FOUND',
        'property 99999999 does not exist',
      ],
      [
        { propertyReference: 'abc', description: 'Leak', priority: 'NORMAL' },
        'BAD_USER_INPUT',
        'input.propertyReference: expected a property reference of up to 8 digits, like 00032896, got "abc"',
      ],
      [
        { propertyReference: '10009', description: 'x', priority: 'NORMAL' },
        'BAD_USER_INPUT',
        'input.description: expected 3 to 4000 characters describing the problem, got 1',
      ],
      [
        { propertyReference: '10009', description: 'Leak', priority: 'NORMAL', contactName: 'x'.repeat(41) },
        'BAD_USER_INPUT',
        "input.contactName: expected at most 40 characters (UH's rq_name), got 41",
      ],
    ])('rejects %j with %s', async (input, code, message) => {
      const result = await raise(input);
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code } });
    });
  });

  describe('updateContactDetails', () => {
    const update = (personId: string, input: Record<string, unknown>) =>
      harness.run(
        `mutation ($id: ID!, $input: ContactDetailsInput!) { updateContactDetails(personId: $id, input: $input) { id contactDetails { email phones { number type } } } }`,
        { id: personId, input },
      );

    it('replaces the phones and email of the household contact row', async () => {
      const result = await update('0100008-1', {
        phones: [{ number: '07700 900001' }, { number: '020 7946 0001' }],
        email: 'new@example.net',
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.updateContactDetails.contactDetails).toEqual({
        email: 'new@example.net',
        phones: [
          { number: '07700 900001', type: 'MOBILE' },
          { number: '020 7946 0001', type: 'HOME' },
        ],
      });
    });

    it('leaves fields that are not given unchanged', async () => {
      await update('0100008-1', { email: 'only@example.net' });
      const read = await harness.run(
        `{ person(id: "0100008-1") { contactDetails { email phones { number } } } }`,
      );
      expect(read.data.person.contactDetails).toEqual({
        email: 'only@example.net',
        phones: [{ number: '07700 900001' }, { number: '020 7946 0001' }],
      });
    });

    // UH reaches a household's contacts row through its tenancies (contacts.tag_ref = tenagree.tag_ref);
    // a row inserted with only con_ref set was written but never read back.
    it('a household without a contacts row gets one its tenancy reaches, so the write reads back', async () => {
      await uh(`DELETE FROM dbo.contacts WHERE tag_ref = '0900008/01'`);
      const result = await update('0100011-1', {
        phones: [{ number: '07700 900777' }],
        email: 'tariq@example.net',
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.updateContactDetails.contactDetails).toEqual({
        email: 'tariq@example.net',
        phones: [{ number: '07700 900777', type: 'MOBILE' }],
      });
      expect(
        await uh(
          `SELECT con_ref, tag_ref, prop_ref, con_phone1, con_phone2, email_address FROM dbo.contacts WHERE tag_ref = '0900008/01'`,
        ),
      ).toEqual([
        [
          '0100011'.padEnd(12),
          '0900008/01 ',
          expect.stringMatching(/^\d{8} {4}$/),
          '07700 900777'.padEnd(21),
          ' '.repeat(21),
          'tariq@example.net'.padEnd(50),
        ],
      ]);
    });

    // The graph shows the household's own email (househ) when the contacts row has none, so removing the
    // email only from the contacts row left the old one showing.
    it('email "" removes the email, also from the household row the graph falls back to', async () => {
      const result = await update('0100018-1', { email: '' });
      expect(result.errors).toBeUndefined();
      expect(result.data.updateContactDetails.contactDetails.email).toBeNull();
      expect(await uh(`SELECT email_address FROM dbo.househ WHERE house_ref = '0100018'`)).toEqual([['']]);
    });

    it('email "" for a household with no contacts row clears the household row and adds no empty contacts row', async () => {
      await uh(`DELETE FROM dbo.contacts WHERE tag_ref = '0900045/01'`);
      const result = await update('0100031-1', { email: '' });
      expect(result.data.updateContactDetails.contactDetails).toEqual({ email: null, phones: [] });
      expect(await uh(`SELECT COUNT(*) FROM dbo.contacts WHERE tag_ref = '0900045/01'`)).toEqual([[0]]);
    });

    it('a household with no tenancy: its email goes on the household row; phones are refused, none written', async () => {
      await uh(`DELETE FROM dbo.tenagree WHERE house_ref = '0100034'`);
      const before = await uh('SELECT MAX(tstamp) FROM dbo.contacts');
      expect((await update('0100034-1', { phones: [{ number: '07700 900888' }] })).errors?.[0]).toMatchObject(
        {
          extensions: { code: 'CONFLICT' },
          message:
            "household 0100034 has no tenancy in UH, and UH keeps phone numbers on a tenancy's contacts row",
        },
      );
      expect(await uh('SELECT MAX(tstamp) FROM dbo.contacts')).toEqual(before);
      const result = await update('0100034-1', { email: 'no.tenancy@example.net' });
      expect(result.data.updateContactDetails.contactDetails).toEqual({
        email: 'no.tenancy@example.net',
        phones: [],
      });
    });

    // Found while making the write one batch: the household email was cleared, then the phones refused, and
    // the clearing committed with the refusal. A refused write now writes nothing.
    it('a refused write writes nothing: phones with no tenancy, together with clearing the email', async () => {
      await uh(`DELETE FROM dbo.tenagree WHERE house_ref = '0100035'`);
      await uh(`UPDATE dbo.househ SET email_address = 'kept@example.net' WHERE house_ref = '0100035'`);
      const before = await uh(`SELECT email_address, tstamp FROM dbo.househ WHERE house_ref = '0100035'`);
      const result = await update('0100035-1', { phones: [{ number: '07700 900888' }], email: '' });
      expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await uh(`SELECT email_address, tstamp FROM dbo.househ WHERE house_ref = '0100035'`)).toEqual(
        before,
      );
    });

    it.each([
      [
        '0100008-1',
        { phones: [{ number: '1' }, { number: '2' }, { number: '3' }, { number: '4' }] },
        'BAD_USER_INPUT',
        'input.phones: expected at most 3 numbers (UH keeps three), got 4',
      ],
      [
        '0100008-1',
        { phones: [{ number: 'call me' }] },
        'BAD_USER_INPUT',
        'input.phones[0].number: expected a phone number of 6 to 21 digits, spaces, +, ( ) or -, got "call me"',
      ],
      [
        '0100008-1',
        { email: 'not-an-email' },
        'BAD_USER_INPUT',
        'input.email: expected an email address of at most 50 characters (or "" to remove it), got "not-an-email"',
      ],
      ['0100008-9', { email: 'a@b.co' }, 'NOT_FOUND', 'person 0100008-9 does not exist'],
      [
        'nobody',
        { email: 'a@b.co' },
        'BAD_USER_INPUT',
        'personId: expected a person id like 0121098-1 (household reference, "-", person number), got "nobody"',
      ],
    ])('rejects %s %j with %s', async (id, input, code, message) => {
      expect((await update(id, input)).errors?.[0]).toMatchObject({ message, extensions: { code } });
    });
  });

  describe('endTenancy', () => {
    const end = (reference: string, endDate: string) =>
      harness.run(
        `mutation { endTenancy(reference: "${reference}", endDate: "${endDate}") { reference endDate isActive } }`,
      );

    const runningTenancies = async () =>
      (
        await harness.run(
          `{ properties(first: 100, filter: { level: DWELLING }) { nodes { currentTenancy { reference endDate } } } }`,
        )
      ).data.properties.nodes
        .map(
          (p: { currentTenancy: { reference: string; endDate: string | null } | null }) => p.currentTenancy,
        )
        .filter((t: { endDate: string | null } | null) => t !== null && t.endDate === null)
        .map((t: { reference: string }) => t.reference) as string[];

    it('with a future date: sets the end date and leaves the tenancy active (and not terminated) until then', async () => {
      const [reference] = await runningTenancies();
      const result = await end(String(reference), '2026-05-31');
      expect(result.errors).toBeUndefined();
      expect(result.data.endTenancy).toEqual({ reference, endDate: '2026-05-31', isActive: true });
      expect(
        await uh(
          `SELECT terminated, CONVERT(varchar(10), eot, 120) FROM dbo.tenagree WHERE tag_ref = '${reference}'`,
        ),
      ).toEqual([[false, '2026-05-31']]);
    });

    it('two mutations in one operation: the second answer reads what the first wrote, nothing older', async () => {
      // A property with two tenancies, both made running: each endTenancy's answer lists the property's tenancies.
      const [[prop]] = (await uh(
        `SELECT TOP (1) prop_ref FROM dbo.tenagree WHERE prop_ref <> '' GROUP BY prop_ref HAVING COUNT(*) = 2 ORDER BY prop_ref`,
      )) as [[string]];
      const refs = (await uh(
        `SELECT RTRIM(tag_ref) FROM dbo.tenagree WHERE prop_ref = '${prop}' ORDER BY tag_ref`,
      )) as [[string], [string]];
      await uh(`UPDATE dbo.tenagree SET eot = NULL, terminated = 0 WHERE prop_ref = '${prop}'`);
      const tenancies = 'property { tenancies { reference endDate } }';
      const result = await harness.run(`mutation {
        a: endTenancy(reference: "${refs[0][0]}", endDate: "2026-06-01") { ${tenancies} }
        b: endTenancy(reference: "${refs[1][0]}", endDate: "2026-06-02") { ${tenancies} } }`);
      expect(result.errors).toBeUndefined();
      const byReference = (answer: { property: { tenancies: { reference: string; endDate: string }[] } }) =>
        Object.fromEntries(answer.property.tenancies.map((t) => [t.reference, t.endDate]));
      expect(byReference(result.data.a)).toEqual({ [refs[0][0]]: '2026-06-01', [refs[1][0]]: null });
      expect(byReference(result.data.b)).toEqual({ [refs[0][0]]: '2026-06-01', [refs[1][0]]: '2026-06-02' });
    });

    it('with today or a past date: ends it and sets the terminated flag', async () => {
      const [, reference] = await runningTenancies();
      const result = await end(String(reference), '2026-04-06');
      expect(result.data.endTenancy).toEqual({ reference, endDate: '2026-04-06', isActive: false });
      expect(await uh(`SELECT terminated FROM dbo.tenagree WHERE tag_ref = '${reference}'`)).toEqual([
        [true],
      ]);
      const [next] = await runningTenancies();
      expect(next).not.toBe(reference);
    });

    it('refuses to end it twice, a date before its start, and an unknown or malformed reference', async () => {
      const [reference] = await runningTenancies();
      expect((await end(String(reference), '1901-01-01')).errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringMatching(
          /^endDate: expected a date on or after the tenancy's start \(\d{4}-\d{2}-\d{2}\), got 1901-01-01$/,
        ),
      });
      await end(String(reference), '2026-07-01');
      expect((await end(String(reference), '2026-08-01')).errors?.[0]).toMatchObject({
        extensions: { code: 'CONFLICT' },
        message: `tenancy ${reference} already has an end date (2026-07-01)`,
      });
      expect((await end('0900006/01', '2026-05-01')).errors?.[0]).toMatchObject({
        extensions: { code: 'CONFLICT' },
      }); // ended long ago
      expect((await end('0999999/01', '2026-05-31')).errors?.[0]).toMatchObject({
        extensions: { code: 'NOT_FOUND' },
        message: 'tenancy 0999999/01 does not exist',
      });
      expect((await end('0900007-01', '2026-05-31')).errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const badDate = await harness.run(
        'mutation ($d: Date!) { endTenancy(reference: "0900007/01", endDate: $d) { reference } }',
        { d: '2026-02-30' },
      );
      expect(badDate.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringContaining(
          'expected a date as YYYY-MM-DD, e.g. "2026-04-06" that exists, got "2026-02-30"',
        ),
      });
    });
  });
});
