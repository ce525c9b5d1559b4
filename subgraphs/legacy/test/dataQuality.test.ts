import { faultRecords, startLegacyHarness, type LegacyHarness } from './legacyHarness';

// What the graph returns for each data-quality fault the seed plants in UH (uh-simulator/seed/README.md).
// Keys come from the seed's manifest, so these tests follow the seed rather than hard-coding rows.
describe('legacy subgraph: seeded UH data-quality faults, as the graph returns them', () => {
  let harness: LegacyHarness;
  beforeAll(async () => {
    harness = await startLegacyHarness();
  });
  afterAll(() => harness.close());

  const key = (kind: string, index = 0) =>
    faultRecords(harness.manifest, kind)[index]?.key as Record<string, string | number>;
  const note = (kind: string, index = 0) => faultRecords(harness.manifest, kind)[index]?.note ?? '';
  const ok = async (query: string) => {
    const result = await harness.run(query);
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  const tenancy = (ref: unknown, fields: string) =>
    ok(`{ tenancy(reference: "${String(ref)}") { ${fields} } }`).then((d) => d.tenancy);
  const property = (ref: unknown, fields: string) =>
    ok(`{ property(reference: "${String(ref)}") { ${fields} } }`).then((d) => d.property);
  const person = (k: Record<string, string | number>, fields: string) =>
    ok(`{ person(id: "${k.house_ref}-${k.person_no}") { ${fields} } }`).then((d) => d.person);

  it('#1 padded refs come back trimmed, and a padded or unpadded reference finds the record', async () => {
    const ref = String(key('padded-refs').prop_ref);
    expect(await property(ref.replace(/^0+/, ''), 'reference')).toEqual({ reference: ref });
    expect(await property(`  ${ref}    `, 'reference')).toEqual({ reference: ref });
  });

  it('#1 a tenancy whose prop_ref has a leading space still links to its property, both ways', async () => {
    const { tag_ref } = key('leading-space-ref');
    const linked = await tenancy(tag_ref, 'reference property { reference tenancies { reference } }');
    expect(linked.property.tenancies.map((t: { reference: string }) => t.reference)).toContain(tag_ref);
  });

  it('#1 a repair whose prop_ref has a leading space is listed on its property', async () => {
    const record = faultRecords(harness.manifest, 'leading-space-ref').find((r) => r.table === 'rmreqst');
    const prop = String(record?.value).trim();
    const repairs = await property(prop, 'repairs(first: 100) { nodes { reference } }');
    expect(repairs.repairs.nodes.map((r: { reference: string }) => r.reference)).toContain(
      record?.key.rq_ref,
    );
  });

  it('#2 1900-01-01 and NULL both mean "no end date"', async () => {
    expect(await tenancy(key('date-1900').tag_ref, 'endDate')).toEqual({ endDate: null });
    expect(await tenancy(key('null-for-no-date').tag_ref, 'endDate')).toEqual({ endDate: null });
  });

  it('#2 a date of birth stored as 1900-01-01 is null', async () => {
    expect(await person(key('dob-1900', 1), 'dateOfBirth')).toEqual({ dateOfBirth: null });
  });

  it('#14 the Excel epoch 1899-12-30 is a placeholder too; an impossible future DOB is shown as stored (it is data, flagged by the cloud)', async () => {
    expect(await person(key('dob-out-of-range', 0), 'dateOfBirth')).toEqual({ dateOfBirth: null });
    const future = faultRecords(harness.manifest, 'dob-out-of-range')[1];
    expect(await person(future?.key as Record<string, string>, 'dateOfBirth')).toEqual({
      dateOfBirth: String(future?.value).slice(0, 10),
    });
  });

  it('#14 a start date typed as 19yy is shown as stored', async () => {
    const record = faultRecords(harness.manifest, 'cot-out-of-range')[0];
    expect(await tenancy(record?.key.tag_ref, 'startDate')).toEqual({
      startDate: String(record?.value).slice(0, 10),
    });
  });

  it('#14/#15 terminated flag and end date disagreeing: a tenancy is active only if not terminated and not past its end', async () => {
    expect(await tenancy(key('terminated-without-eot').tag_ref, 'endDate isActive')).toEqual({
      endDate: null,
      isActive: false,
    });
    const future = await tenancy(key('eot-future-terminated').tag_ref, 'endDate isActive');
    expect(future.isActive).toBe(false);
    expect(future.endDate > '2026-04-06').toBe(true);
    const past = await tenancy(key('eot-without-terminated').tag_ref, 'endDate isActive');
    expect(past).toEqual({ endDate: note('eot-without-terminated').replace('eot ', ''), isActive: false });
  });

  it('#3 blank codes are null, not empty strings', async () => {
    expect(await tenancy(key('blank-tenure').tag_ref, 'tenure { code }')).toEqual({ tenure: null });
    expect(await tenancy(key('blank-payment-ref').tag_ref, 'paymentReference')).toEqual({
      paymentReference: null,
    });
  });

  it('#3 the hierarchy root (blank major_ref) has no parent and no ancestors', async () => {
    expect(
      await property(key('blank-root-major-ref').prop_ref, 'parent { reference } ancestors { reference }'),
    ).toEqual({ parent: null, ancestors: [] });
  });

  it('#4/#5 duplicate and off-by-one payment references are shown as UH holds them', async () => {
    const [a, b] = faultRecords(harness.manifest, 'duplicate-payment-ref');
    const first = await tenancy(a?.key.tag_ref, 'paymentReference');
    expect(await tenancy(b?.key.tag_ref, 'paymentReference')).toEqual(first);
    expect(first.paymentReference).toBe(String(a?.value).trim());
  });

  it('#4 a receipt posted twice appears twice in the transactions', async () => {
    const [a] = faultRecords(harness.manifest, 'duplicate-rtrans-posting');
    const data = await tenancy(
      a?.key.tag_ref,
      'transactions(first: 100) { nodes { date amount type { code } } }',
    );
    const amount = String(a?.value);
    expect(data.transactions.nodes.filter((t: { amount: string }) => t.amount === amount)).toHaveLength(2);
  });

  it('#6 a dwelling whose major_ref points nowhere has no parent; one whose u_block disagrees follows major_ref', async () => {
    expect(
      await property(key('orphan-major-ref').prop_ref, 'parent { reference } ancestors { reference }'),
    ).toEqual({ parent: null, ancestors: [] });
    const mismatch = await property(key('block-mismatch').prop_ref, 'parent { reference }');
    expect(mismatch.parent.reference).toBe(note('block-mismatch').replace('major_ref is ', ''));
  });

  it('#19 an ended tenancy on a property that no longer exists has no property', async () => {
    expect(await tenancy(key('orphan-tenancy-prop').tag_ref, 'reference property { reference }')).toEqual({
      reference: key('orphan-tenancy-prop').tag_ref,
      property: null,
    });
  });

  it('#19 a disposed home still coded as a dwelling is a DWELLING, as UH says', async () => {
    expect(await property(key('disposed-still-dwelling').prop_ref, 'level levelCode')).toEqual({
      level: 'DWELLING',
      levelCode: '7',
    });
  });

  it('#7 UPRNs: blank and zero-padded are null; shared, parent-shell and stale ones are shown as held in u_llpg_ref', async () => {
    expect(await property(key('uprn-blank').prop_ref, 'uprn')).toEqual({ uprn: null });
    expect(await property(key('uprn-zero-padded').prop_ref, 'uprn')).toEqual({ uprn: null });
    const [a, b] = faultRecords(harness.manifest, 'uprn-shared');
    const shared = String(a?.value).trim();
    expect(await property(a?.key.prop_ref, 'uprn')).toEqual({ uprn: shared });
    expect(await property(b?.key.prop_ref, 'uprn')).toEqual({ uprn: shared });
    expect(await property(key('uprn-columns-disagree').prop_ref, 'uprn')).toEqual({
      uprn: note('uprn-columns-disagree').replace('u_llpg_ref is ', ''),
    });
  });

  it('#8/#9 addresses: estate flats by preamble, street houses by door number, and what is left when the postcode is unknown', async () => {
    const flat = await property(
      key('estate-flat-address').prop_ref,
      'address { line1 line2 line3 line4 postcode }',
    );
    expect(flat.address.line1).toMatch(/^Flat \d+ \S.*$/);
    expect(flat.address.line2).not.toBeNull();
    const house = await property(key('street-house-address', 0).prop_ref, 'address { line1 }');
    expect(house.address.line1).toMatch(/^\d+ \S+/);
    const missing = await property(
      key('postcode-missing').prop_ref,
      'address { line1 line2 line3 line4 postcode }',
    );
    expect(missing.address).toMatchObject({ line2: null, line3: null, line4: null });
    expect(missing.address.postcode).toBe(
      String(faultRecords(harness.manifest, 'postcode-missing')[0]?.value).trim(),
    );
    const truncated = await property(key('truncated-postcode').prop_ref, 'address { postcode line2 }');
    expect(truncated.address.postcode).toBe(
      String(faultRecords(harness.manifest, 'truncated-postcode')[0]?.value).trim(),
    );
  });

  it('#10 names: a truncated surname as stored, an empty forename as null, an organisation as the only member', async () => {
    const truncated = faultRecords(harness.manifest, 'surname-truncated')[0];
    expect(await person(truncated?.key as Record<string, string>, 'surname')).toEqual({
      surname: String(truncated?.value),
    });
    expect(await person(key('empty-forename'), 'firstName isResponsible')).toEqual({
      firstName: null,
      isResponsible: true,
    });
    expect(await person(key('organisation-tenant'), 'title firstName surname isResponsible')).toEqual({
      title: null,
      firstName: null,
      surname: String(faultRecords(harness.manifest, 'organisation-tenant')[0]?.value).trim(),
      isResponsible: true,
    });
  });

  it('#11 the same human in two households is two people with their own ids', async () => {
    const [a, b] = faultRecords(harness.manifest, 'duplicate-person');
    const first = await person(a?.key as Record<string, string>, 'id surname');
    const second = await person(b?.key as Record<string, string>, 'id surname');
    expect(first.id).not.toBe(second.id);
  });

  it('#12 two numbers in one phone field become two phones', async () => {
    const record = faultRecords(harness.manifest, 'multi-valued-phone').find((r) => r.table === 'contacts');
    const tag = String(record?.note).replace('tenancy ', '');
    const data = await tenancy(tag, 'members { contactDetails { phones { number type } } }');
    const numbers = String(record?.value).trim().split('/');
    expect(data.members[0].contactDetails.phones).toEqual(
      expect.arrayContaining([
        { number: numbers[0], type: 'HOME' },
        { number: numbers[1], type: 'MOBILE' },
      ]),
    );
  });

  it('#17 a 40,000-character repair description arrives whole', async () => {
    const { rq_ref } = key('long-text');
    const data = await ok(`{ repairRequest(reference: "${rq_ref}") { description } }`);
    expect(data.repairRequest.description).toHaveLength(40_000);
  });

  it('#20 padded short codes become enums; a reopened repair keeps its status code', async () => {
    const { rq_ref } = key('padded-status');
    const data = await ok(`{ repairRequest(reference: "${rq_ref}") { priority } }`);
    expect(data.repairRequest.priority).toBe('IMMEDIATE');
    const reopened = await ok(
      `{ repairRequest(reference: "${key('reopened-repair-blank-cancel').rq_ref}") { status } }`,
    );
    expect(reopened.repairRequest.status).toBe('000');
  });

  it('money is exact decimal strings, never floats', async () => {
    const data = await tenancy(key('padded-refs', 1).tag_ref, 'charges { rent service other } balance');
    for (const value of [data.charges.rent, data.charges.service, data.charges.other, data.balance])
      expect(value).toMatch(/^-?\d+\.\d{2}$/);
  });
});
