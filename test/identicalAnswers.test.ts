import { join } from 'node:path';
import { print } from 'graphql';
import { startUhSimulator, type UhSimulatorHandle } from '../uh-simulator/startUhSimulator';
import { generateUhSeed } from '../uh-simulator/seed/generateUhSeed';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { runBackfill } from '../sync/backfill/runBackfill';
import { PgStore } from '../stores/cloud/PgStore';
import { UhStore } from '../stores/uh/UhStore';
import { createCloudSubgraph } from '../subgraphs/cloud/createCloudSubgraph';
import { createLegacySubgraph } from '../subgraphs/legacy/createLegacySubgraph';
import { loadRegisteredOperations } from '../schema/tooling/loadRegisteredOperations';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';

// The contract that lets an entity move: on a backfilled seed, the same operation returns the same JSON
// from the legacy subgraph (UH through mssql) and from the cloud subgraph (PostgreSQL), data-quality
// faults included. Mutations are left out: each store allocates its own references by design.
const SCALE = 'small';
const TODAY = '2026-04-06';

describe(`identical answers from both subgraphs on a backfilled ${SCALE} seed`, () => {
  let simulator: UhSimulatorHandle;
  let db: TestDatabase;
  let uhStore: UhStore;
  let pgStore: PgStore;
  let legacy: ReturnType<typeof createLegacySubgraph>;
  let cloud: ReturnType<typeof createCloudSubgraph>;
  const manifest = generateUhSeed(SCALE).manifest;
  const ref = (kind: string, column: string, index = 0) =>
    String(manifest.faults[kind]?.records[index]?.key[column] ?? '');

  beforeAll(async () => {
    simulator = await startUhSimulator({ seed: SCALE });
    db = await createTestDatabase();
    await runBackfill({ uh: parseMssqlUrl('uh', simulator.url), cloudUrl: db.url, batchSize: 10_000 });
    uhStore = new UhStore({ connection: parseMssqlUrl('uh', simulator.url), timeoutMs: 30_000 });
    pgStore = new PgStore({ connectionString: db.url, max: 4 });
    legacy = createLegacySubgraph({ store: uhStore, today: () => TODAY });
    cloud = createCloudSubgraph({ store: pgStore, today: () => TODAY });
    await Promise.all([legacy.apollo.start(), cloud.apollo.start()]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([legacy?.apollo.stop(), cloud?.apollo.stop()]);
    await uhStore?.close();
    await pgStore?.close();
    await db?.drop();
    await simulator?.close();
  });

  const both = async (query: string, variables?: Record<string, unknown>) => {
    const [fromLegacy, fromCloud] = await Promise.all([
      legacy.apollo.executeOperation({ query, variables }, { contextValue: await legacy.context() }),
      cloud.apollo.executeOperation({ query, variables }, { contextValue: await cloud.context() }),
    ]);
    const body = (response: typeof fromLegacy) =>
      response.body.kind === 'single' ? response.body.singleResult : undefined;
    return { legacy: body(fromLegacy), cloud: body(fromCloud) };
  };

  const PROPERTY = `reference level levelCode uprn numberOfBedrooms address { line1 line2 line3 line4 postcode }`;
  const TENANCY = `reference tenure { code description } startDate endDate isActive paymentReference charges { rent service other } balance`;
  const PERSON = `id title firstName surname dateOfBirth isResponsible contactDetails { email phones { number type } }`;

  const cases: [string, () => [string, Record<string, unknown>?]][] = [
    [
      'a page of 100 properties with their hierarchy',
      () => [
        `{ properties(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${PROPERTY} parent { reference } ancestors { reference level } children(first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { reference } } } } } }`,
      ],
    ],
    [
      'the second page of properties (cursors interchangeable)',
      () => [
        `{ properties(first: 50, after: "WyIwMDAxMDA1MCJd") { pageInfo { hasNextPage endCursor } nodes { reference } } }`,
      ],
    ],
    [
      'dwellings by postcode and address text',
      () => [
        `{ a: properties(first: 20, filter: { level: DWELLING, addressContains: "flat 1" }) { totalCount nodes { ${PROPERTY} } } b: properties(filter: { level: BLOCK }) { totalCount nodes { reference } } c: properties(filter: { level: OTHER }) { totalCount nodes { reference } } }`,
      ],
    ],
    [
      'tenancies, members, contacts and a page of transactions for 100 dwellings',
      () => [
        `{ properties(first: 100, filter: { level: DWELLING }) { nodes { reference currentTenancy { reference } tenancies { ${TENANCY} members { ${PERSON} } transactions(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { date amount type { code description } reference } } } } } } }`,
      ],
    ],
    [
      'a tenancy page with transactions in a date window, then the next page',
      () => [
        `query ($t: String!) { tenancy(reference: $t) { ${TENANCY} property { ${PROPERTY} } members { ${PERSON} tenancies { reference } }
        w: transactions(first: 10, from: "2025-10-01", to: "2026-03-31") { totalCount pageInfo { endCursor } nodes { date amount } }
        all: transactions(first: 100) { totalCount nodes { date amount type { code } } } } }`,
        { t: ref('duplicate-rtrans-posting', 'tag_ref') },
      ],
    ],
    [
      'repairs of many properties, newest first',
      () => [
        `{ properties(first: 100, after: "WyIwMDAxMDIwMCJd") { nodes { reference repairs(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { reference priority status raisedAt description property { reference } } } } } } }`,
      ],
    ],
    [
      'person search by name',
      () => [
        `{ a: searchPersons(name: "smi", first: 30) { totalCount pageInfo { hasNextPage endCursor } nodes { ${PERSON} } } b: searchPersons(name: "an", first: 100) { totalCount nodes { id surname firstName } } }`,
      ],
    ],
    [
      'data-quality faults: padded, leading-space and orphan references',
      () => [
        `query ($lead: String!, $orphan: String!, $tenancy: String!) {
        a: tenancy(reference: $tenancy) { ${TENANCY} property { reference tenancies { reference } } }
        b: property(reference: $orphan) { reference parent { reference } ancestors { reference } }
        c: property(reference: $lead) { repairs(first: 50) { totalCount nodes { reference } } } }`,
        {
          tenancy: ref('leading-space-ref', 'tag_ref'),
          orphan: ref('orphan-major-ref', 'prop_ref'),
          lead: String(
            manifest.faults['leading-space-ref']?.records.find((r) => r.table === 'rmreqst')?.value ?? '',
          ).trim(),
        },
      ],
    ],
    [
      'data-quality faults: dates, blanks, names and phones',
      () => [
        `query ($t1: String!, $t2: String!, $t3: String!, $p1: ID!, $p2: ID!, $p3: ID!) {
        t1: tenancy(reference: $t1) { ${TENANCY} } t2: tenancy(reference: $t2) { ${TENANCY} } t3: tenancy(reference: $t3) { ${TENANCY} }
        p1: person(id: $p1) { ${PERSON} } p2: person(id: $p2) { ${PERSON} } p3: person(id: $p3) { ${PERSON} } }`,
        {
          t1: ref('terminated-without-eot', 'tag_ref'),
          t2: ref('eot-without-terminated', 'tag_ref'),
          t3: ref('blank-tenure', 'tag_ref'),
          p1: `${ref('organisation-tenant', 'house_ref')}-${ref('organisation-tenant', 'person_no')}`,
          p2: `${ref('surname-truncated', 'house_ref')}-${ref('surname-truncated', 'person_no')}`,
          p3: `${ref('dob-out-of-range', 'house_ref')}-${ref('dob-out-of-range', 'person_no')}`,
        },
      ],
    ],
    [
      'a long repair description and unknown references',
      () => [
        `query ($r: String!) { r: repairRequest(reference: $r) { reference description property { reference } }
        none: property(reference: "99999999") { reference } gone: tenancy(reference: "0999999/99") { reference } }`,
        { r: ref('long-text', 'rq_ref') },
      ],
    ],
    ['bad input is refused the same way', () => [`{ properties(first: 500) { totalCount } }`]],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const [query, variables] = make();
    const { legacy: fromLegacy, cloud: fromCloud } = await both(query, variables);
    expect(fromLegacy?.data ?? fromLegacy?.errors).toBeTruthy();
    expect(fromCloud).toEqual(fromLegacy);
  });

  const registered = loadRegisteredOperations(join(__dirname, '..', 'schema')).filter(
    (operation) => operation.kind === 'query',
  );
  it.each(registered.map((operation) => [`${operation.client}/${operation.name}`, operation] as const))(
    'registered operation %s',
    async (_name, operation) => {
      const { legacy: fromLegacy, cloud: fromCloud } = await both(
        print(operation.document),
        operation.variables,
      );
      expect(fromLegacy?.errors).toBeUndefined();
      expect(fromCloud).toEqual(fromLegacy);
    },
  );
});
