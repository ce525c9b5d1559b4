import { join } from 'node:path';
import { buildSchema, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { loadRegisteredOperations } from './loadRegisteredOperations';
import { startLegacyHarness, type LegacyHarness } from '../../subgraphs/legacy/test/legacyHarness';

const SCHEMA_DIR = join(__dirname, '..');

// The registered operations are what frontend teams send; tests and benches reuse them, so each one must
// validate against the API schema and run without errors against the real legacy subgraph over the tiny seed.
describe('registered operations', () => {
  const operations = loadRegisteredOperations(SCHEMA_DIR);

  it('cover the three clients, every entity and every mutation', () => {
    expect(new Set(operations.map((o) => o.client))).toEqual(
      new Set(['contact-centre', 'repairs-app', 'tenancy-management-web']),
    );
    expect(operations.length).toBeGreaterThanOrEqual(12);
    const text = operations.map((o) => o.text).join('\n');
    for (const entity of [
      'Property',
      'Tenancy',
      'Person',
      'RepairRequest',
      'RentTransaction',
      'ContactDetails',
    ])
      expect(text).toMatch(new RegExp(`on ${entity}\\b`));
    for (const mutation of ['updateContactDetails', 'raiseRepairRequest', 'endTenancy'])
      expect(text).toContain(`${mutation}(`);
  });

  it('validate against the committed API schema', () => {
    const api = buildSchema(readFileSync(join(SCHEMA_DIR, 'api.graphql'), 'utf8'));
    for (const op of operations)
      expect({ op: op.name, errors: validate(api, op.document).map((e) => e.message) }).toEqual({
        op: op.name,
        errors: [],
      });
  });

  describe('against the legacy subgraph over the tiny seed', () => {
    let harness: LegacyHarness;
    beforeAll(async () => {
      harness = await startLegacyHarness();
    });
    afterAll(() => harness?.close());

    // Queries first, mutations last, so a mutation (endTenancy) cannot change what a query sees.
    const ordered = [...operations].sort(
      (a, b) => Number(a.kind === 'mutation') - Number(b.kind === 'mutation'),
    );
    it.each(ordered.map((op) => [`${op.client}/${op.name}`, op] as const))(
      '%s runs without errors',
      async (_, op) => {
        expect(op.variables).toBeDefined();
        const result = await harness.run(op.text, op.variables);
        expect(result.errors).toBeUndefined();
        expect(result.data).toBeDefined();
        // Every root field answered: no null where the seed has the record.
        for (const value of Object.values(result.data as Record<string, unknown>))
          expect(value).not.toBeNull();
      },
    );
  });
});
