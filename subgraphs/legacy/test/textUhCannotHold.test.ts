import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// UH's text columns are single-byte (Windows-1252). "Łukasz" written through the legacy subgraph used to
// become "?ukasz" with a 200 OK, and the cloud, which keeps the exact text, then disagreed with UH for good.
// While UH masters an entity, a value it cannot hold is refused, naming the character and the field.
describe('legacy subgraph: text UH cannot hold is refused, not turned into "?"', () => {
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
  const raise = (input: Record<string, unknown>) =>
    harness.run(
      `mutation ($input: RaiseRepairRequestInput!) { raiseRepairRequest(input: $input) { reference description } }`,
      { input },
    );
  const repairsAndSerial = async () => [
    await uh('SELECT COUNT(*) FROM dbo.rmreqst'),
    await uh(`SELECT ser_value FROM dbo.sysserial WHERE ser_type = 'rmreqst'`),
  ];

  it('raiseRepairRequest with contactName "Łukasz": BAD_USER_INPUT naming "Ł" and input.contactName, nothing written', async () => {
    const before = await repairsAndSerial();
    const result = await raise({
      propertyReference: '10009',
      description: 'Boiler not working',
      priority: 'URGENT',
      contactName: 'Łukasz Nowak',
    });
    expect(result.data?.raiseRepairRequest ?? null).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message:
          'input.contactName: expected text Universal Housing can hold (its text columns are single-byte, Windows-1252), got "Ł" (U+0141) at character 1 of "Łukasz Nowak"',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'input.contactName' }),
      }),
    ]);
    expect(await repairsAndSerial()).toEqual(before);
  });

  it('raiseRepairRequest with "Ł" in the description: refused naming input.description', async () => {
    const before = await repairsAndSerial();
    const result = await raise({
      propertyReference: '10009',
      description: 'Leak at 3 Łąkowa Court',
      priority: 'NORMAL',
    });
    expect(result.errors?.[0]).toMatchObject({
      message:
        'input.description: expected text Universal Housing can hold (its text columns are single-byte, Windows-1252), got "Ł" (U+0141) at character 11 of "Leak at 3 Łąkowa Court"',
      extensions: { code: 'BAD_USER_INPUT', argument: 'input.description' },
    });
    expect(await repairsAndSerial()).toEqual(before);
  });

  it('"€" and accented Latin letters are in Windows-1252: written and read back exactly', async () => {
    const result = await raise({
      propertyReference: '10009',
      description: 'Part costs €50 – Zoë Müller’s boiler',
      priority: 'NORMAL',
      contactName: 'Zoë Müller',
    });
    expect(result.errors).toBeUndefined();
    const { reference, description } = result.data.raiseRepairRequest;
    expect(description).toBe('Part costs €50 – Zoë Müller’s boiler');
    expect(await uh(`SELECT rq_name FROM dbo.rmreqst WHERE rq_ref = '${reference}'`)).toEqual([
      ['Zoë Müller'.padEnd(40)],
    ]);
    const read = await harness.run(`{ repairRequest(reference: "${reference}") { description } }`);
    expect(read.data.repairRequest.description).toBe('Part costs €50 – Zoë Müller’s boiler');
  });

  it('updateContactDetails with an email UH cannot hold: refused naming input.email, nothing written', async () => {
    const before = await uh('SELECT MAX(tstamp) FROM dbo.contacts');
    const result = await harness.run(
      `mutation ($input: ContactDetailsInput!) { updateContactDetails(personId: "0100008-1", input: $input) { id } }`,
      { input: { email: 'łukasz@example.net' } },
    );
    expect(result.errors?.[0]).toMatchObject({
      message:
        'input.email: expected text Universal Housing can hold (its text columns are single-byte, Windows-1252), got "ł" (U+0142) at character 1 of "łukasz@example.net"',
      extensions: { code: 'BAD_USER_INPUT', argument: 'input.email' },
    });
    expect(await uh('SELECT MAX(tstamp) FROM dbo.contacts')).toEqual(before);
  });
});
