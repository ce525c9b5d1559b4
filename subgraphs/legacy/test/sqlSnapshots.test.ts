import { join } from 'node:path';
import { print } from 'graphql';
import { loadRegisteredOperations } from '../../../schema/tooling/loadRegisteredOperations';
import { startLegacyHarness, type LegacyHarness } from './legacyHarness';
import type { UhQueryEvent } from '../../../stores/uh/UhStore';

// The exact SQL each representative operation sends, kept as a reviewed snapshot
// (__snapshots__/sqlSnapshots.test.ts.snap): an N+1 regression or an unbounded IN list shows up in a diff.
describe('legacy subgraph: the exact SQL of representative operations', () => {
  let harness: LegacyHarness;
  beforeAll(async () => {
    harness = await startLegacyHarness();
  });
  afterAll(() => harness.close());

  const format = (events: readonly UhQueryEvent[]) =>
    events
      .map((event, index) => {
        const params = event.params.map(
          (p) =>
            `@${p.name} ${p.type}${'length' in p ? `(${p.length})` : ''} = ${
              // a raised request's time is the request's own
              p.name === 'raised' ? '<now>' : JSON.stringify(p.value)
            }`,
        );
        return `-- ${index + 1}. ${event.name}\n${event.text}\n${params.length ? `-- params: ${params.join(', ')}\n` : ''}`;
      })
      .join('\n');

  it.each([
    [
      'property page',
      `{ property(reference: "00010009") { reference address { line1 postcode } parent { reference } ancestors { reference }
        tenancies { reference isActive } repairs(first: 5) { totalCount nodes { reference priority } } } }`,
    ],
    [
      'tenancy page with transactions',
      `{ tenancy(reference: "0900007/01") { reference tenure { code } charges { rent } balance
        members { id surname contactDetails { email phones { number } } }
        transactions(first: 10, from: "2026-01-01", to: "2026-03-31") { totalCount edges { cursor node { date amount type { code } } } } } }`,
    ],
    [
      'property list with filter and relations',
      `{ properties(first: 5, filter: { postcode: "e9 2qy", level: DWELLING }) { totalCount
        nodes { reference tenancies { reference members { id } } repairs(first: 2) { nodes { reference } } } } }`,
    ],
    [
      'person search',
      `{ searchPersons(name: "smith", first: 3) { totalCount nodes { id firstName surname } } }`,
    ],
    [
      'children page after a cursor',
      `{ property(reference: "00010008") { children(first: 2, after: "WyIwMDAxMDAwOSJd") { nodes { reference } pageInfo { hasNextPage } } } }`,
    ],
  ])('%s', async (_name, query) => {
    const result = await harness.run(query);
    expect(result.errors).toBeUndefined();
    expect(format(result.sql)).toMatchSnapshot();
  });

  // The registered mutations, after the reads above (they change data): the write, one batch that is its own
  // transaction, then the answer read ahead.
  const mutations = loadRegisteredOperations(join(__dirname, '..', '..', '..', 'schema')).filter(
    (op) => op.kind === 'mutation',
  );
  it.each(mutations.map((op) => [`${op.client}/${op.name}`, op] as const))('%s', async (_name, op) => {
    const result = await harness.run(print(op.document), op.variables);
    expect(result.errors).toBeUndefined();
    expect(format(result.sql)).toMatchSnapshot();
  });
});
