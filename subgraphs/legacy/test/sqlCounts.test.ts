import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// The number of SQL requests an operation sends depends on its shape, never on list sizes: every entity
// and relation is loaded in batches. These counts are exact; a change is a reviewed decision.
describe('legacy subgraph: SQL requests per operation', () => {
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
    expect(large.sql.map((q) => q.name)).toEqual(small.sql.map((q) => q.name));
    expect(large.sql.map((q) => q.name)).toEqual([
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
      // the property, then its parent (shared by parent and ancestors) with the relations in one tick,
      // then the grandparent (ancestors walk one level per request) with the children's count
      [
        'propertiesByReference',
        'propertiesByReference',
        'childrenByParent',
        'tenanciesByProperty',
        'repairsByProperty',
        'propertiesByReference',
        'countChildrenByParent',
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
        'transactionsByTenancy',
        'contactsByHousehold',
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
      ['repairsByReference', 'membersByHousehold'],
    ],
  ])('%s', async (_label, query, expected) => {
    const result = await harness.run(query);
    expect(result.errors).toBeUndefined();
    expect(result.sql.map((q) => q.name)).toEqual(expected);
  });

  it('never sends more than 1,000 parameters in one request, even for a page of 100 with every relation', async () => {
    const result = await harness.run(wideList(100));
    expect(Math.max(...result.sql.map((q) => q.params.length))).toBeLessThanOrEqual(1000);
  });
});
