import { startCloudHarness, tableOf, type CloudHarness } from './cloudHarness';

describe('cloud subgraph', () => {
  let harness: CloudHarness;
  const reported: unknown[] = [];
  beforeAll(async () => {
    harness = await startCloudHarness({ reportError: (error) => reported.push(error) });
  }, 120_000);
  afterAll(() => harness.close());

  const faultKey = (kind: string, index = 0) => harness.manifest.faults[kind]?.records[index]?.key ?? {};

  describe('SQL requests per operation (one statement per batch, whatever the list size)', () => {
    const wideList = (first: number) => `{ properties(first: ${first}, filter: { level: DWELLING }) {
      nodes { reference tenancies { reference members { id contactDetails { email } } } repairs(first: 5) { nodes { reference } } } } }`;

    it('a 40-dwelling list with relations costs the same as a 2-dwelling one', async () => {
      const small = await harness.run(wideList(2));
      const large = await harness.run(wideList(100));
      expect(large.errors).toBeUndefined();
      expect(large.data.properties.nodes).toHaveLength(40);
      // Batches of one tick run in parallel and are recorded as they finish: compare as sets of requests.
      expect(large.sql.map(tableOf).sort()).toEqual(small.sql.map(tableOf).sort());
      expect(large.sql.map(tableOf).sort()).toEqual([
        'housing.contact_details',
        'housing.household_member',
        'housing.property',
        'housing.tenancy',
        'repairs.repair_request',
      ]);
    });

    it.each([
      [
        'a property page',
        `{ property(reference: "00010008") { reference parent { reference } ancestors { reference } children(first: 3) { totalCount nodes { reference } } tenancies { reference } currentTenancy { reference } repairs(first: 2) { nodes { reference } } } }`,
        7,
      ],
      [
        'a tenancy page with transactions',
        `{ tenancy(reference: "0900007/01") { reference property { reference } members { id contactDetails { phones { number } } } transactions(first: 10) { totalCount nodes { date amount } } } }`,
        6,
      ],
      ['a person search', `{ searchPersons(name: "sm", first: 5) { totalCount nodes { id surname } } }`, 2],
    ])('%s: as many statements as on the legacy side', async (_label, query, count) => {
      const result = await harness.run(query);
      expect(result.errors).toBeUndefined();
      expect(result.sql).toHaveLength(count);
    });

    it('passes each batch as one array parameter (= ANY($1)), never a growing IN list', async () => {
      const result = await harness.run(`{ properties(first: 100) { nodes { tenancies { reference } } } }`);
      for (const text of result.sql) expect(text).not.toMatch(/IN \(\$\d+, \$\d+/);
      expect(result.sql.some((text) => /= ANY\(\$1::text\[\]\)/.test(text))).toBe(true);
    });
  });

  describe('fields only the cloud can give', () => {
    it('every parent claim with its source; the preferred one is what parent follows', async () => {
      const { prop_ref } = faultKey('block-mismatch');
      const result = await harness.run(
        `{ property(reference: "${String(prop_ref)}") { parent { reference } parentClaims { parentReference source isPreferred parent { reference } } } }`,
      );
      const { parent, parentClaims } = result.data.property;
      expect(parentClaims).toEqual(
        expect.arrayContaining([
          {
            parentReference: parent.reference,
            source: 'UH_MAJOR_REF',
            isPreferred: true,
            parent: { reference: parent.reference },
          },
          expect.objectContaining({ source: 'UH_U_BLOCK', isPreferred: false }),
        ]),
      );
      const block = parentClaims.find((claim: { source: string }) => claim.source === 'UH_U_BLOCK');
      expect(block.parentReference).not.toBe(parent.reference);
    });

    it('data-quality findings name the fault and where it is', async () => {
      const orphan = await harness.run(
        `{ property(reference: "${String(faultKey('orphan-major-ref').prop_ref)}") { dataQualityIssues { code message source } } }`,
      );
      expect(orphan.data.property.dataQualityIssues).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'PARENT_MISSING' })]),
      );
      const mismatch = await harness.run(
        `{ property(reference: "${String(faultKey('block-mismatch').prop_ref)}") { dataQualityIssues { code } } }`,
      );
      expect(mismatch.data.property.dataQualityIssues.map((i: { code: string }) => i.code)).toContain(
        'PARENT_CLAIMS_DISAGREE',
      );
      const blank = await harness.run(
        `{ property(reference: "${String(faultKey('uprn-blank').prop_ref)}") { dataQualityIssues { code source } } }`,
      );
      expect(blank.data.property.dataQualityIssues).toContainEqual({
        code: 'UPRN_MISSING',
        source: `property ${String(faultKey('uprn-blank').prop_ref)}`,
      });
      const shared = await harness.run(
        `{ property(reference: "${String(faultKey('uprn-shared').prop_ref)}") { dataQualityIssues { code message } } }`,
      );
      expect(shared.data.property.dataQualityIssues).toContainEqual(
        expect.objectContaining({
          code: 'UPRN_SHARED',
          message: expect.stringMatching(/also held by 1 other property/),
        }),
      );
    });

    it('the same human in two households is a possible duplicate of the other record', async () => {
      const [a, b] = harness.manifest.faults['duplicate-person']?.records ?? [];
      const id = (k: Record<string, unknown> | undefined) =>
        `${String(k?.house_ref)}-${String(k?.person_no)}`;
      const result = await harness.run(`{ person(id: "${id(a?.key)}") { id possibleDuplicates { id } } }`);
      expect(result.data.person.possibleDuplicates).toEqual([{ id: id(b?.key) }]);
    });

    it('no LLPG address without LLPG data for the UPRN', async () => {
      const result = await harness.run(`{ property(reference: "00010009") { uprn llpgAddress { uprn } } }`);
      expect(result.data.property.llpgAddress).toBeNull();
    });
  });

  describe('mutations write the cloud tables and an outbox row in one transaction', () => {
    const outbox = async () =>
      (
        await harness.store.query(
          'SELECT entity, entity_key, operation, payload FROM sync.outbox ORDER BY id',
        )
      ).rows;

    it('raiseRepairRequest allocates from the cloud range and queues the INSERT for UH', async () => {
      const result = await harness.run(
        `mutation { raiseRepairRequest(input: { propertyReference: "10009", description: "Leaking tap", priority: URGENT }) { reference priority status property { reference } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.raiseRepairRequest).toEqual({
        reference: '90000000',
        priority: 'URGENT',
        status: '000',
        property: { reference: '00010009' },
      });
      expect(await outbox()).toContainEqual(
        expect.objectContaining({ entity: 'repairRequest', entity_key: '90000000', operation: 'INSERT' }),
      );
    });

    it('updateContactDetails and endTenancy: the write and its outbox row, with the same validation as UH', async () => {
      const update = await harness.run(
        `mutation { updateContactDetails(personId: "0100008-1", input: { email: "cloud@example.net" }) { contactDetails { email } } }`,
      );
      expect(update.data.updateContactDetails.contactDetails.email).toBe('cloud@example.net');
      const end = await harness.run(
        `mutation { endTenancy(reference: "0900007/01", endDate: "2026-06-30") { endDate isActive } }`,
      );
      expect(end.data.endTenancy).toEqual({ endDate: '2026-06-30', isActive: true });
      expect((await outbox()).map((row) => [row.entity, row.entity_key, row.operation])).toEqual(
        expect.arrayContaining([
          ['contactDetails', '0100008', 'UPDATE'],
          ['tenancy', '0900007/01', 'UPDATE'],
        ]),
      );
      const twice = await harness.run(
        `mutation { endTenancy(reference: "0900007/01", endDate: "2026-07-31") { endDate } }`,
      );
      expect(twice.errors?.[0]).toMatchObject({
        message: 'tenancy 0900007/01 already has an end date (2026-06-30)',
        extensions: { code: 'CONFLICT' },
      });
      const bad = await harness.run(
        `mutation { updateContactDetails(personId: "0100008-1", input: { email: "nope" }) { id } }`,
      );
      expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('two mutations in one operation: the second answer reads what the first wrote, nothing older', async () => {
      const property = await harness.store.query<{ property_reference: string; refs: string[] }>(
        `SELECT property_reference, array_agg(reference ORDER BY reference) AS refs FROM housing.tenancy
         WHERE property_reference IS NOT NULL GROUP BY property_reference HAVING count(*) = 2
         ORDER BY property_reference DESC LIMIT 1`,
      );
      const [first, second] = property.rows[0]!.refs;
      await harness.store.query(
        'UPDATE housing.tenancy SET end_date = NULL, is_terminated = false WHERE property_reference = $1',
        [property.rows[0]!.property_reference],
      );
      const tenancies = 'property { tenancies { reference endDate } }';
      const result = await harness.run(`mutation {
        a: endTenancy(reference: "${first}", endDate: "2026-06-01") { ${tenancies} }
        b: endTenancy(reference: "${second}", endDate: "2026-06-02") { ${tenancies} } }`);
      expect(result.errors).toBeUndefined();
      const byReference = (answer: { property: { tenancies: { reference: string; endDate: string }[] } }) =>
        Object.fromEntries(answer.property.tenancies.map((t) => [t.reference, t.endDate]));
      expect(byReference(result.data.b)).toEqual({ [first!]: '2026-06-01', [second!]: '2026-06-02' });
    });

    it('a failed write leaves neither the change nor an outbox row', async () => {
      const before = (await outbox()).length;
      const root = String(faultKey('blank-root-major-ref').prop_ref);
      const refused = await harness.run(
        `mutation { raiseRepairRequest(input: { propertyReference: "${root}", description: "Roof", priority: NORMAL }) { reference } }`,
      );
      expect(refused.errors?.[0]?.extensions.code).toBe('CONFLICT');
      expect(await outbox()).toHaveLength(before);
    });
  });
});
