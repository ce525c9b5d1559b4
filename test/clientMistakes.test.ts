import { startLegacyHarness, type LegacyHarness } from '../subgraphs/legacy/test/legacyHarness';
import { startCloudHarness, type CloudHarness } from '../subgraphs/cloud/test/cloudHarness';
import { encodeCursor } from '../stores/model/cursor';
import { quoteInput } from '../core/quoteInput';

// Issue 14, "Wrong error, wrong blame": a caller's mistake is BAD_USER_INPUT saying what was expected, the
// same from both stores, found before any SQL is sent (so it neither reaches the store, nor counts in the
// store's error metrics, nor is logged as a masked error), and its message quotes at most a short prefix of
// what came.
describe('client mistakes are BAD_USER_INPUT from both subgraphs, before any SQL', () => {
  let legacy: LegacyHarness;
  let cloud: CloudHarness;
  const reported: unknown[] = [];
  beforeAll(async () => {
    [legacy, cloud] = await Promise.all([
      startLegacyHarness({ reportError: (error) => reported.push(error) }),
      startCloudHarness({ reportError: (error) => reported.push(error) }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await legacy?.close();
    await cloud?.close();
  });
  beforeEach(() => {
    reported.length = 0;
  });

  /**
   * Runs the operation on both subgraphs; asserts one BAD_USER_INPUT error, identical, with no SQL sent
   * (`sqlBefore`: the requests that read the parent a refused field hangs off, e.g. the property of its repairs).
   */
  async function refusedByBoth(
    query: string,
    variables: Record<string, unknown>,
    message: string,
    sqlBefore = 0,
  ) {
    const answers = await Promise.all([legacy.run(query, variables), cloud.run(query, variables)]);
    for (const answer of answers) {
      expect(answer.errors).toEqual([
        expect.objectContaining({ message, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      ]);
      expect(answer.sql).toHaveLength(sqlBefore);
    }
    expect(answers[0].errors).toEqual(answers[1].errors);
    expect(reported).toEqual([]);
  }

  const END = `mutation ($ref: String!, $end: Date!) { endTenancy(reference: $ref, endDate: $end) { endDate } }`;
  const SEARCH = `query ($name: String!, $after: String) { searchPersons(name: $name, after: $after) { totalCount nodes { id } } }`;
  const CURSOR_EXPECTED =
    'after: expected a cursor returned by this field (pageInfo.endCursor or an edge cursor)';

  it.each([
    ['2079-06-07', 'the day after smalldatetime ends'],
    ['9999-12-31', 'the last ISO date'],
    ['1900-01-01', "UH's 'no date'"],
  ])('endTenancy with endDate %s (%s)', async (end) => {
    await refusedByBoth(
      END,
      { ref: '0900007/01', end },
      `endDate: expected a date from 1900-01-02 to 2079-06-06 (what UH's smalldatetime holds), got ${end}`,
    );
  });

  it('searchPersons with a word of 65,535 characters, quoting only its start', async () => {
    const name = 'a'.repeat(65_535);
    await refusedByBoth(
      SEARCH,
      { name },
      `name: expected at most 100 characters, got "${'a'.repeat(40)}"… (65535 characters)`,
    );
  });

  it('searchPersons with a 41-character word', async () => {
    const name = `Smith ${'b'.repeat(41)}`;
    await refusedByBoth(
      SEARCH,
      { name },
      `name: expected words of at most 40 characters, got one of 41 ("${'b'.repeat(40)}"… (41 characters))`,
    );
  });

  it.each([
    ['an offset of 2^31', encodeCursor([2 ** 31])],
    ['a negative offset', encodeCursor([-1])],
    ['a fractional offset', encodeCursor([1.5])],
    ['a string offset', encodeCursor(['x'])],
    ['a null offset', encodeCursor([null])],
    ['two keys', encodeCursor([1, 2])],
    ['no key', encodeCursor([])],
    ['not JSON', 'not-a-cursor'],
  ])('searchPersons with a cursor holding %s', async (_, after) => {
    await refusedByBoth(SEARCH, { name: 'Smith', after }, `${CURSOR_EXPECTED}, got ${JSON.stringify(after)}`);
  });

  // Every other cursor is a keyset: its parts are checked for type before any store compares with them.
  it.each([
    [
      'properties',
      `query ($after: String) { properties(after: $after) { totalCount } }`,
      0,
      [encodeCursor([10009]), encodeCursor(['x'.repeat(9)]), encodeCursor([null])],
    ],
    [
      'children',
      `query ($after: String) { property(reference: "10009") { children(after: $after) { totalCount } } }`,
      1,
      [encodeCursor([10009]), encodeCursor(['abc'])],
    ],
    [
      'repairs',
      `query ($after: String) { property(reference: "10009") { repairs(after: $after) { totalCount } } }`,
      1,
      [
        encodeCursor(['x', '00000001']),
        encodeCursor(['2026-02-30T00:00:00.000Z', '00000001']),
        encodeCursor([1, 2]),
        encodeCursor(['2026-01-01T00:00:00.000Z', 'x'.repeat(30)]),
      ],
    ],
    [
      'transactions',
      `query ($after: String) { tenancy(reference: "0900007/01") { transactions(after: $after) { totalCount } } }`,
      1,
      [
        encodeCursor(['x', 1, 2, 3, 4]),
        encodeCursor(['2026-01-01', 1.5, 2, 3, 4]),
        encodeCursor(['2026-01-01', 2 ** 31, 2, 3, 4]),
        encodeCursor(['2026-01-01', '1', 2, 3, 4]),
      ],
    ],
  ] as const)('a %s cursor whose parts are of the wrong type', async (_, query, sqlBefore, cursors) => {
    for (const after of cursors) {
      await refusedByBoth(query, { after }, `${CURSOR_EXPECTED}, got ${quoteInput(after)}`, sqlBefore);
    }
  });

  it('the cursors both stores hand out pass the checks, and page identically', async () => {
    const first = `{ properties(first: 100) { nodes { reference repairs(first: 1) { pageInfo { hasNextPage endCursor } }
      tenancies { reference transactions(first: 1) { pageInfo { hasNextPage endCursor } } } } } }`;
    type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    type Node = { reference: string; repairs: Page; tenancies: { reference: string; transactions: Page }[] };
    const [fromLegacy, fromCloud] = await Promise.all([legacy.run(first), cloud.run(first)]);
    expect(fromCloud.data).toEqual(fromLegacy.data);
    const nodes = fromLegacy.data.properties.nodes as Node[];
    const repairs = nodes.find((node) => node.repairs.pageInfo.hasNextPage);
    const tenancy = nodes.flatMap((node) => node.tenancies).find((t) => t.transactions.pageInfo.hasNextPage);
    expect(repairs).toBeDefined();
    expect(tenancy).toBeDefined();
    const next = `query ($p: String!, $t: String!, $r: String, $x: String) {
      property(reference: $p) { repairs(first: 2, after: $r) { nodes { reference } } }
      tenancy(reference: $t) { transactions(first: 2, after: $x) { nodes { date amount } } } }`;
    const variables = {
      p: repairs?.reference,
      r: repairs?.repairs.pageInfo.endCursor,
      t: tenancy?.reference,
      x: tenancy?.transactions.pageInfo.endCursor,
    };
    const [legacyNext, cloudNext] = await Promise.all([
      legacy.run(next, variables),
      cloud.run(next, variables),
    ]);
    expect(legacyNext.errors).toBeUndefined();
    expect(legacyNext.data.property.repairs.nodes.length).toBeGreaterThan(0);
    expect(legacyNext.data.tenancy.transactions.nodes.length).toBeGreaterThan(0);
    expect(cloudNext.data).toEqual(legacyNext.data);
  });

  it('a cursor of 1 MB is quoted by its start only', async () => {
    const after = 'A'.repeat(1_000_000);
    await refusedByBoth(
      SEARCH,
      { name: 'Smith', after },
      `${CURSOR_EXPECTED}, got "${'A'.repeat(40)}"… (1000000 characters)`,
    );
  });

  it.each(['   ', ''])('properties with addressContains %j is refused, as documented', async (blank) => {
    await refusedByBoth(
      `query ($text: String) { properties(filter: { addressContains: $text }) { totalCount } }`,
      { text: blank },
      `filter.addressContains: expected 2 to 100 characters of an address (letters, digits, spaces, ' - . , /); omit the filter to match every address, got ${JSON.stringify(blank)}`,
    );
  });

  it.each([
    [
      'a property reference',
      `query ($ref: String!) { property(reference: $ref) { reference } }`,
      { ref: '9'.repeat(100_000) },
      `reference: expected a property reference of up to 8 digits, like 00032896, got "${'9'.repeat(40)}"… (100000 characters)`,
    ],
    [
      'a postcode',
      `query ($p: String) { properties(filter: { postcode: $p }) { totalCount } }`,
      { p: `E8${'!'.repeat(5000)}` },
      `filter.postcode: expected a postcode such as "E8 1DY" (letters, digits, a space), got "E8${'!'.repeat(38)}"… (5002 characters)`,
    ],
    [
      'a date',
      END,
      { ref: '0900007/01', end: `2026-01-01${'x'.repeat(1000)}` },
      `Variable "$end" got invalid value "2026-01-01${'x'.repeat(30)}"… (1010 characters); expected a date as YYYY-MM-DD, e.g. "2026-04-06", got "2026-01-01${'x'.repeat(30)}"… (1010 characters)`,
    ],
    [
      'an email',
      `mutation ($id: ID!, $email: String) { updateContactDetails(personId: $id, input: { email: $email }) { id } }`,
      { id: '0100008-1', email: `${'e'.repeat(60_000)}@x` },
      `input.email: expected an email address of at most 50 characters (or "" to remove it), got "${'e'.repeat(40)}"… (60002 characters)`,
    ],
  ])('%s of any length is quoted by its start only', async (_, query, variables, message) => {
    await refusedByBoth(query, variables, message);
  });
});
