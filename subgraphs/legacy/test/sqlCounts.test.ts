import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// The SQL statements an operation sends depend on its shape, never on list sizes: every entity and relation
// is loaded in batches. And however deep the operation, its statements are planned from the selection set and
// sent together: one round trip to UH (the VPN's latency paid once). These counts are exact; a change is a
// reviewed decision. Round trips are counted twice: by the subgraph, and as requests the simulator answered.
describe('legacy subgraph: SQL statements and round trips per operation', () => {
  let harness: LegacyHarness;
  beforeAll(async () => {
    harness = await startLegacyHarness();
  });
  afterAll(() => harness.close());

  const wideList = (first: number) => `{
    properties(first: ${first}, filter: { level: DWELLING }) {
      nodes { reference tenancies { reference members { id contactDetails { email } } } repairs(first: 5) { nodes { reference } } }
    }
  }`;

  it('a 100-property list with tenancies, members, contacts and repairs costs the same as a 2-property one', async () => {
    const small = await harness.run(wideList(2));
    const large = await harness.run(wideList(100));
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data.properties.nodes.length).toBe(40); // every dwelling of the tiny seed
    expect(large.statements).toEqual(small.statements);
    expect(large.roundTrips).toBe(1);
    expect(large.simulatorRequests).toBe(1);
    expect(large.statements).toEqual([
      'listProperties',
      'tenanciesByProperty',
      'repairsByProperty',
      'membersByHousehold',
      'contactsByHousehold',
    ]);
  });

  it.each([
    [
      'a property by reference',
      `{ property(reference: "10009") { reference address { line1 } } }`,
      ['propertiesByReference'],
    ],
    [
      'a property page: parent, ancestors, children with count, tenancies, current tenancy, repairs',
      `{ property(reference: "00010008") { reference parent { reference } ancestors { reference }
          children(first: 3) { totalCount nodes { reference } } tenancies { reference } currentTenancy { reference }
          repairs(first: 2) { nodes { reference } } } }`,
      // the property, four levels of parents (parent and ancestors share them; UH's hierarchy has four
      // levels), the children with their count, the tenancies (tenancies and currentTenancy share them), repairs
      [
        'propertiesByReference',
        'propertiesByReference',
        'propertiesByReference',
        'propertiesByReference',
        'propertiesByReference',
        'childrenByParent',
        'countChildrenByParent',
        'tenanciesByProperty',
        'repairsByProperty',
      ],
    ],
    [
      'a tenancy page with members, contacts and a page of transactions with its count',
      `{ tenancy(reference: "0900007/01") { reference property { reference } members { id contactDetails { phones { number } } }
          transactions(first: 10) { totalCount nodes { date amount } } } }`,
      [
        'tenanciesByReference',
        'propertiesByReference',
        'membersByHousehold',
        'contactsByHousehold',
        'transactionsByTenancy',
        'countTransactionsByTenancy',
      ],
    ],
    [
      'a person search',
      `{ searchPersons(name: "sm", first: 5) { totalCount nodes { id surname } } }`,
      ['searchPeople', 'countPeople'],
    ],
    [
      'entities resolved for the gateway, several at once',
      `{ a: repairRequest(reference: "3200001") { reference } b: repairRequest(reference: "3200002") { reference } p: person(id: "0100008-1") { id } q: person(id: "0100004-1") { id } }`,
      // each root field plans its own statements; all four go in one batch
      ['repairsByReference', 'repairsByReference', 'membersByHousehold', 'membersByHousehold'],
    ],
  ])('%s', async (_label, query, expected) => {
    const result = await harness.run(query);
    expect(result.errors).toBeUndefined();
    expect(result.statements).toEqual(expected);
    expect(result.roundTrips).toBe(1);
    expect(result.simulatorRequests).toBe(1);
  });

  it('never sends more than 1,000 parameters in one request, even for a page of 100 with every relation', async () => {
    const result = await harness.run(wideList(100));
    expect(Math.max(...result.sql.map((q) => q.params.length))).toBeLessThanOrEqual(1000);
  });
});
