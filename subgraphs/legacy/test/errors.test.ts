import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// Clients see a code from the subgraph's registry and a safe message: never SQL, table names, driver text.
describe('legacy subgraph: errors', () => {
  let harness: LegacyHarness;
  const reported: unknown[] = [];
  beforeAll(async () => {
    harness = await startLegacyHarness({ reportError: (error) => reported.push(error) });
  });
  afterAll(() => harness.close());

  it('masks a UH error as INTERNAL_SERVER_ERROR and hands the original to the log', async () => {
    harness.simulator.engine.injectFault({
      number: 208,
      message: "Invalid object name 'dbo.property'.",
      match: /FROM dbo\.property/,
    });
    const result = await harness.run('{ property(reference: "10009") { reference } }');
    expect(result.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['property'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(JSON.stringify(result.errors)).not.toMatch(/dbo|property'|208|SELECT/);
    expect(reported.length).toBe(1);
    expect(String((reported[0] as Error).cause)).toContain("Invalid object name 'dbo.property'");
  });

  it('reports a deadlock victim (1205) the same way, and the next request succeeds', async () => {
    harness.simulator.engine.injectFault({ number: 1205, match: /FROM dbo\.tenagree/ });
    const failed = await harness.run('{ tenancy(reference: "0900007/01") { reference } }');
    expect(failed.errors?.[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    const next = await harness.run('{ tenancy(reference: "0900007/01") { reference } }');
    expect(next.data.tenancy).toEqual({ reference: '0900007/01' });
  });

  it('keeps the data that did resolve next to a failed field', async () => {
    // Both root fields' reads go to UH in one batch; when it fails, each statement is sent again alone, so
    // the member read fails twice here to reach the client.
    harness.simulator.engine.injectFault({ number: 1205, match: /FROM dbo\.member/, times: 2 });
    const result = await harness.run(
      '{ tenancy(reference: "0900007/01") { reference } person(id: "0100008-1") { id } }',
    );
    expect(result.data).toEqual({ tenancy: { reference: '0900007/01' }, person: null });
    expect(result.errors?.[0]).toMatchObject({
      path: ['person'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('a batch UH refuses once (a deadlock victim) is sent again statement by statement: every field answers', async () => {
    harness.simulator.engine.injectFault({ number: 1205, match: /FROM dbo\.member/ });
    const result = await harness.run(
      '{ tenancy(reference: "0900007/01") { reference } person(id: "0100008-1") { id } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ tenancy: { reference: '0900007/01' }, person: { id: '0100008-1' } });
    expect(result.statements).toEqual([
      'tenanciesByReference',
      'membersByHousehold',
      'tenanciesByReference',
      'membersByHousehold',
    ]);
    expect(result.roundTrips).toBe(3);
  });

  it.each([
    ['{ properties(first: 500) { totalCount } }', 'first: expected a page size from 1 to 100, got 500'],
    ['{ properties(first: 0) { totalCount } }', 'first: expected a page size from 1 to 100, got 0'],
    [
      '{ properties(after: "not-a-cursor") { totalCount } }',
      'after: expected a cursor returned by this field (pageInfo.endCursor or an edge cursor), got "not-a-cursor"',
    ],
    [
      '{ property(reference: "12-34") { reference } }',
      'reference: expected a property reference of up to 8 digits, like 00032896, got "12-34"',
    ],
    [
      '{ searchPersons(name: "%") { totalCount } }',
      `name: expected at least 2 characters of a name (letters, digits, spaces, ' - . ,), got "%"`,
    ],
    [
      '{ properties(filter: { postcode: "E8;DROP" }) { totalCount } }',
      'filter.postcode: expected a postcode such as "E8 1DY" (letters, digits, a space), got "E8;DROP"',
    ],
    [
      '{ tenancy(reference: "0900007/01") { transactions(from: "2026-03-01", to: "2026-01-01") { totalCount } } }',
      'transactions: expected from (2026-03-01) to be on or before to (2026-01-01)',
    ],
  ])('%s is BAD_USER_INPUT: %s', async (query, message) => {
    const result = await harness.run(query);
    expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a record that does not exist is null, not an error', async () => {
    const result = await harness.run(
      '{ property(reference: "99999999") { reference } tenancy(reference: "0999999/01") { reference } person(id: "9999999-1") { id } }',
    );
    expect(result).toMatchObject({ data: { property: null, tenancy: null, person: null } });
    expect(result.errors).toBeUndefined();
  });
});
