import { faultRecords, startLegacyHarness, type LegacyHarness } from './legacyHarness';

// The look-ahead reaches a level's rows through the raw keys of the level above (IN (SELECT t.prop_ref ...));
// the loader asks for the canonical key (IN (@ref)). Where UH holds a key in another form (a leading space), the
// two would find different rows: the look-ahead leaves that key to the loader. The answer must be the same as
// with the look-ahead off; only the round trips differ.
describe('legacy subgraph: look-ahead where UH holds a key in another form', () => {
  let on: LegacyHarness;
  let off: LegacyHarness;
  beforeAll(async () => {
    on = await startLegacyHarness();
    off = await startLegacyHarness({ lookahead: false });
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('a tenancy whose prop_ref has a leading space: its property is loaded by key, the same answer as before', async () => {
    const record = faultRecords(on.manifest, 'leading-space-ref').find((r) => r.table === 'tenagree');
    const tagRef = String(record?.key.tag_ref);
    const query = `{ tenancy(reference: "${tagRef}") { reference property { reference address { line1 }
      tenancies { reference members { id } } } members { id } } }`;
    const ahead = await on.run(query);
    const before = await off.run(query);
    expect(ahead.errors).toBeUndefined();
    expect(ahead.data.tenancy.property.tenancies.map((t: { reference: string }) => t.reference)).toContain(
      tagRef,
    );
    expect(ahead.data).toEqual(before.data);
    // the planned batch, then the property by key, then what hangs from it (not primed: its set was empty)
    expect(ahead.roundTrips).toBe(3);
    expect(before.roundTrips).toBe(4);
  });

  it('a well-formed tenancy takes one round trip, the same answer as before (five requests without it)', async () => {
    const query = `{ tenancy(reference: "0900007/01") { reference property { reference address { line1 }
      tenancies { reference members { id } } } members { id } } }`;
    const ahead = await on.run(query);
    const before = await off.run(query);
    expect(ahead.data).toEqual(before.data);
    expect(ahead.roundTrips).toBe(1);
    // the tenancy; its property and its members (side by side); the property's tenancies; their members
    expect(before.roundTrips).toBe(5);
  });

  it("a gateway's _entities fetch of several types plans each type's selection: one round trip, the same answer", async () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Property { reference parent { reference } tenancies { reference members { id contactDetails { email } } } }
      ... on Tenancy { reference transactions(first: 3) { totalCount nodes { amount } } }
      ... on Person { id tenancies { reference } }
      ... on RepairRequest { reference property { reference } } } }`;
    const variables = {
      representations: [
        { __typename: 'Property', reference: '00010009' },
        { __typename: 'Property', reference: '00010010' },
        { __typename: 'Tenancy', reference: '0900007/01' },
        { __typename: 'Person', id: '0100008-1' },
        { __typename: 'RepairRequest', reference: '03200001' },
      ],
    };
    const ahead = await on.run(query, variables);
    const before = await off.run(query, variables);
    expect(ahead.data).toEqual(before.data);
    expect(ahead.errors).toEqual(before.errors);
    expect(ahead.data._entities[0].tenancies.length).toBeGreaterThan(0);
    expect(ahead.roundTrips).toBe(1);
    expect(before.roundTrips).toBeGreaterThan(4);
  });
});
