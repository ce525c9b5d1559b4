import { join } from 'node:path';
import { print } from 'graphql';
import { loadRegisteredOperations } from '../../../schema/tooling/loadRegisteredOperations';
import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// UH is reached over a VPN: each round trip costs its latency. Every registered client operation, run with its
// sample variables, as the subgraph counts its round trips and as the simulator counts the requests it answered
// (the two must agree). Exact: a change is a reviewed decision. Queries take one round trip whatever their
// depth (the look-ahead); a mutation takes two: its write, one batch that is its own transaction
// (stores/uh/writeInOneBatch.ts), then its answer, read ahead as a query's would be.
describe('legacy subgraph: round trips to UH per registered operation', () => {
  let harness: LegacyHarness;
  beforeAll(async () => {
    harness = await startLegacyHarness();
    // Open the pool's connections first: tedious sends a batch of SET options on each new connection, which
    // the simulator counts and the operation did not ask for.
    await Promise.all(
      [1, 2, 3].map(() => harness.store.query({ name: 'warmUp', text: 'SELECT 1 AS ok', params: [] })),
    );
  });
  afterAll(() => harness.close());

  const operations = loadRegisteredOperations(join(__dirname, '..', '..', '..', 'schema'));
  const expected: Record<string, number> = {
    'contact-centre/CallerDetails': 1,
    'contact-centre/CallerTenancy': 1,
    'contact-centre/RepairsAtCallerHome': 1,
    'contact-centre/SearchPeople': 1,
    'repairs-app/PropertyRepairs': 1,
    'repairs-app/RepairDetail': 1,
    'tenancy-management-web/BlockPage': 1,
    'tenancy-management-web/PropertyPage': 1,
    'tenancy-management-web/PropertySearch': 1,
    'tenancy-management-web/RentStatement': 1,
    'tenancy-management-web/TenancyPage': 1,
    // the write, in one batch with its own transaction (1); the person and contact details read back (1)
    'contact-centre/UpdateContactDetails': 2,
    // the write: the property checked, a reference from sysserial, the insert (1); the repair read back (1)
    'repairs-app/RaiseEmergencyRepair': 2,
    // the same; the repair and its property read back together (1)
    'repairs-app/RaiseRepair': 2,
    // the write (1); the tenancy, its property and that property's tenancies read back together (1)
    'tenancy-management-web/EndTenancy': 2,
  };

  it('covers every registered operation', () => {
    expect(operations.map((op) => `${op.client}/${op.name}`).sort()).toEqual(Object.keys(expected).sort());
  });

  // Queries first: the mutations change the data they read.
  const ordered = [...operations].sort(
    (a, b) => Number(a.kind === 'mutation') - Number(b.kind === 'mutation'),
  );
  it.each(ordered.map((op) => [`${op.client}/${op.name}`, op] as const))('%s', async (name, op) => {
    const result = await harness.run(print(op.document), op.variables);
    expect(result.errors).toBeUndefined();
    expect(result.roundTrips).toBe(expected[name]);
    expect(result.simulatorRequests).toBe(result.roundTrips);
  });
});
