import { join } from 'node:path';
import { print } from 'graphql';
import { loadRegisteredOperations } from '../../../schema/tooling/loadRegisteredOperations';
import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// UH is reached over a VPN: each round trip costs its latency. Every registered client operation, run with its
// sample variables, as the subgraph counts its round trips and as the simulator counts the requests it answered
// (the two must agree). Exact: a change is a reviewed decision. Queries take one round trip whatever their
// depth (the look-ahead); a mutation pays for its UH transaction (BEGIN, each statement, COMMIT: the statements
// depend on what the ones before read, and T-SQL control flow is outside the simulator's subset) and for
// reading its answer back, one level at a time.
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
    // the person (1); BEGIN, read the contact row, update it, COMMIT (4); the contact details read back (1)
    'contact-centre/UpdateContactDetails': 6,
    // BEGIN, the property, a reference from sysserial, the insert, COMMIT (5); the repair read back (1)
    'repairs-app/RaiseEmergencyRepair': 6,
    // the same, and the repair's property read back after it (1)
    'repairs-app/RaiseRepair': 7,
    // BEGIN, the tenancy, the update, COMMIT (4); the tenancy, its property, that property's tenancies (3)
    'tenancy-management-web/EndTenancy': 7,
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
