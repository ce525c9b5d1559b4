import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { loadSupergraph } from '../supergraph/loadSupergraph';
import { DEFAULT_OPERATION_LIMITS, checkOperationLimits } from './checkOperationLimits';
import { createLimitChecker } from './createLimitChecker';
import { readCostDirectives } from './readCostDirectives';

const supergraph = loadSupergraph(
  readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
);
const schema = supergraph.apiSchema.toGraphQLJSSchema();
const costs = readCostDirectives(supergraph.supergraph.schema);
const limits = { maxDepth: 4, maxAliases: 2, maxCost: 100 };

describe('createLimitChecker', () => {
  it('gives the same errors as checkOperationLimits, for each operation and variables of a reused document', () => {
    const check = createLimitChecker(schema, costs, limits);
    const document = parse(`
      query Page($n: Int) { properties(first: $n) { nodes { reference } } }
      query Deep { tenancy(reference: "x") { property { currentTenancy { members { id } } } } }`);
    for (const [name, variables] of [
      ['Page', { n: 10 }],
      ['Page', { n: 200 }],
      ['Page', {}],
      ['Deep', undefined],
      ['Deep', {}],
      ['Missing', {}],
      [undefined, {}],
    ] as const) {
      const expected = checkOperationLimits(schema, costs, document, name, variables, limits).map(
        (e) => e.message,
      );
      expect(check(document, name, variables).map((e) => e.message)).toEqual(expected);
    }
    expect(check(document, 'Page', { n: 200 }).map((e) => e.extensions['measured'])).toEqual([201]);
    expect(check(document, 'Page', { n: 99 })).toEqual([]);
  });

  it('re-measures variable-dependent operations per request but compiles once per document', () => {
    const check = createLimitChecker(schema, costs, limits);
    const document = parse(
      'query ($n: Int, $skip: Boolean!) { properties(first: $n) @skip(if: $skip) { nodes { reference } } }',
    );
    expect(check(document, null, { n: 500, skip: true })).toEqual([]);
    expect(check(document, null, { n: 500, skip: false })).toHaveLength(1);
    expect(check(document, null, { n: 5, skip: false })).toEqual([]);
  });

  it('refuses limits that are not whole numbers of at least 1', () => {
    expect(() => createLimitChecker(schema, costs, { ...DEFAULT_OPERATION_LIMITS, maxCost: 0 })).toThrow(
      'operation limit maxCost: expected a whole number of at least 1, got 0',
    );
    expect(() => createLimitChecker(schema, costs, { ...DEFAULT_OPERATION_LIMITS, maxDepth: 2.5 })).toThrow(
      'operation limit maxDepth: expected a whole number of at least 1, got 2.5',
    );
  });
});
