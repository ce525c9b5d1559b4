import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  getIntrospectionQuery,
  parse,
  validate,
  type GraphQLError,
  type OperationDefinitionNode,
} from 'graphql';
import { loadRegisteredOperations } from '../../schema/tooling/loadRegisteredOperations';
import { loadSupergraph } from '../supergraph/loadSupergraph';
import { DEFAULT_OPERATION_LIMITS, checkOperationLimits, type OperationLimits } from './checkOperationLimits';
import { compileOperationShape, selectOperation } from './compileOperationShape';
import { measureOperationShape, type OperationMeasurement } from './measureOperationShape';
import { readCostDirectives } from './readCostDirectives';

const schemaDir = join(__dirname, '..', '..', 'schema');
const supergraph = loadSupergraph(readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8'));
const schema = supergraph.apiSchema.toGraphQLJSSchema();
const costs = readCostDirectives(supergraph.supergraph.schema);

/** Depth, aliases and cost of a query the API schema accepts (validated first, as the gateway does). */
function measure(
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): OperationMeasurement {
  const document = parse(query);
  expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  const operation = selectOperation(document, operationName);
  if (operation === null) throw new Error('no operation');
  return measureOperationShape(compileOperationShape(schema, costs, document, operation), variables);
}

function check(query: string, limits: Partial<OperationLimits>, variables?: Record<string, unknown>) {
  return checkOperationLimits(schema, costs, parse(query), undefined, variables, {
    ...DEFAULT_OPERATION_LIMITS,
    ...limits,
  }).map((error: GraphQLError) => ({ message: error.message, extensions: error.extensions }));
}

describe('depth', () => {
  const fiveDeep = '{ tenancy(reference: "x") { property { currentTenancy { members { id } } } } }';

  it('counts field nesting, a root field being depth 1', () => {
    expect(measure('{ property(reference: "1") { reference } }').depth).toBe(2);
    expect(measure(fiveDeep).depth).toBe(5);
  });

  it('is within the limit at the limit and exceeded one past it', () => {
    expect(check(fiveDeep, { maxDepth: 5 })).toEqual([]);
    expect(check(fiveDeep, { maxDepth: 4 })).toEqual([
      {
        message: 'operation depth 5 exceeds the limit of 4 (fields nested inside fields, fragments expanded)',
        extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'depth', measured: 5, maximum: 4 },
      },
    ]);
  });

  it('expands named and inline fragments, which add no level of their own', () => {
    const query = `
      { tenancy(reference: "x") { ...T } }
      fragment T on Tenancy { property { ... on Property { currentTenancy { ...M } } } }
      fragment M on Tenancy { members { id } }`;
    expect(measure(query).depth).toBe(5);
  });

  it('takes the deepest branch, and counts __typename as a leaf field', () => {
    expect(
      measure(
        '{ a: property(reference: "1") { reference } b: repairRequest(reference: "2") { property { address { line1 } } } }',
      ).depth,
    ).toBe(4);
    expect(measure('{ property(reference: "1") { parent { __typename } } }').depth).toBe(3);
  });
});

describe('aliases', () => {
  it('counts aliased fields, each fragment once per spread', () => {
    const query = `
      { a: property(reference: "1") { ...P } b: property(reference: "2") { ...P } }
      fragment P on Property { ref: reference t: __typename address { line1 } }`;
    // a, b, and ref + t in each of the two spreads.
    expect(measure(query).aliases).toBe(6);
    expect(check(query, { maxAliases: 6 })).toEqual([]);
    expect(check(query, { maxAliases: 5 })).toEqual([
      {
        message: 'number of aliased fields 6 exceeds the limit of 5 (each fragment counted once per spread)',
        extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'aliases', measured: 6, maximum: 5 },
      },
    ]);
  });

  it('counts aliases in inline fragments and does not count unaliased fields', () => {
    expect(
      measure('{ property(reference: "1") { ... on Property { r: reference level } reference } }').aliases,
    ).toBe(1);
  });

  it('counts 31 aliases over the default limit of 30', () => {
    const fields = Array.from({ length: 31 }, (_, i) => `p${i}: property(reference: "${i}") { reference }`);
    expect(check(`{ ${fields.slice(0, 30).join(' ')} }`, {})).toEqual([]);
    expect(check(`{ ${fields.join(' ')} }`, {}).map((e) => e.extensions['limit'])).toEqual(['aliases']);
  });
});

describe("cost, as Apollo's demand control estimates it from @cost and @listSize", () => {
  it('costs 1 per object and 0 per scalar, enum or __typename', () => {
    expect(measure('{ property(reference: "1") { reference level __typename } }').cost).toBe(1);
    expect(measure('{ property(reference: "1") { reference address { line1 } } }').cost).toBe(2);
  });

  it('multiplies a page by first through its sized fields (edges, nodes), not totalCount or pageInfo', () => {
    // properties 1 + pageInfo 1 + nodes 5 x 1
    expect(
      measure('{ properties(first: 5) { totalCount pageInfo { hasNextPage } nodes { reference } } }').cost,
    ).toBe(7);
    // properties 1 + edges 5 x (edge 1 + node 1)
    expect(measure('{ properties(first: 5) { edges { cursor node { reference } } } }').cost).toBe(11);
  });

  it("uses the argument's schema default (20) when first is absent or null", () => {
    expect(measure('{ properties { nodes { reference } } }').cost).toBe(1 + 20);
    expect(measure('{ properties(first: null) { nodes { reference } } }').cost).toBe(1 + 20);
  });

  it('takes first from the variables, else the variable default, else the schema default', () => {
    const query = 'query ($n: Int) { properties(first: $n) { nodes { reference } } }';
    expect(measure(query, { n: 7 }).cost).toBe(1 + 7);
    expect(measure(query, {}).cost).toBe(1 + 20);
    expect(measure(query, { n: null }).cost).toBe(1 + 20);
    expect(measure(query).cost).toBe(1 + 20);
    const withDefault = 'query ($n: Int = 50) { properties(first: $n) { nodes { reference } } }';
    expect(measure(withDefault, {}).cost).toBe(1 + 50);
    expect(measure(withDefault, { n: 3 }).cost).toBe(1 + 3);
    // An explicit null is null, not the variable's default: the subgraph then uses its page size.
    expect(measure(withDefault, { n: null }).cost).toBe(1 + 20);
  });

  it('multiplies plain lists by their assumedSize, nesting the multipliers; a list of scalars costs 0', () => {
    // phones: at most 2 on the seed.
    expect(measure('{ person(id: "1") { contactDetails { phones { number type } } } }').cost).toBe(
      1 + 1 + 2 * 1,
    );
    expect(measure('{ property(reference: "1") { ancestors { reference } } }').cost).toBe(1 + 3 * 1);
    // tenancies 2 x (tenancy 1 + members 5 x 1)
    expect(
      measure('{ property(reference: "1") { tenancies { reference members { id surname } } } }').cost,
    ).toBe(1 + 2 * (1 + 5 * 1));
    expect(measure('{ property(reference: "1") { llpgAddress { lines } } }').cost).toBe(2);
  });

  it('gives each nested page its own size, through fragments on the connection type', () => {
    const query = `
      query ($outer: Int, $inner: Int) { properties(first: $outer) { ...Page } }
      fragment Page on PropertyConnection { nodes { reference children(first: $inner) { nodes { reference } } } }`;
    // properties 1 + nodes 4 x (property 1 + children 1 + nodes 6 x 1)
    expect(measure(query, { outer: 4, inner: 6 }).cost).toBe(1 + 4 * (1 + 1 + 6));
  });

  it("takes a field's @cost weight instead of 1: searchPersons scans names", () => {
    expect(measure('{ searchPersons(name: "x", first: 10) { nodes { id } } }').cost).toBe(3 + 10 * 1);
  });

  it('adds 10 for a mutation, and 1 per input object sent (by literal or variable)', () => {
    expect(measure('mutation { endTenancy(reference: "x", endDate: "2026-01-01") { reference } }').cost).toBe(
      10 + 1,
    );
    const update = `mutation ($input: ContactDetailsInput!) { updateContactDetails(personId: "1", input: $input) { id } }`;
    // 10 + person 1 + input 1 + one PhoneInput per number.
    expect(
      measure(update, { input: { phones: [{ number: '1' }, { number: '2' }], email: 'a@b' } }).cost,
    ).toBe(10 + 1 + 1 + 2);
    expect(measure(update, { input: { email: 'a@b' } }).cost).toBe(10 + 1 + 1);
    expect(
      measure('mutation { updateContactDetails(personId: "1", input: { phones: [{ number: "1" }] }) { id } }')
        .cost,
    ).toBe(10 + 1 + 1 + 1);
  });

  it('measures once for every request when no variable can change the cost (a page cursor cannot)', () => {
    const shapeOf = (query: string) => {
      const document = parse(query);
      return compileOperationShape(schema, costs, document, selectOperation(document, undefined)!);
    };
    expect(
      shapeOf('query ($after: String) { properties(first: 20, after: $after) { nodes { reference } } }')
        .usesVariables,
    ).toBe(false);
    expect(
      shapeOf(
        'mutation ($input: ContactDetailsInput!) { updateContactDetails(personId: "1", input: $input) { id } }',
      ).usesVariables,
    ).toBe(true);
    expect(shapeOf('query ($n: Int) { properties(first: $n) { nodes { reference } } }').usesVariables).toBe(
      true,
    );
  });

  it('leaves out what @skip and @include exclude, literally or by variable', () => {
    const query = `query ($withRepairs: Boolean = true) {
      property(reference: "1") {
        reference
        repairs(first: 50) @include(if: $withRepairs) { nodes { reference } }
        tenancies @skip(if: true) { reference }
        ... on Property @include(if: false) { ancestors { reference } }
      } }`;
    expect(measure(query, {}).cost).toBe(1 + 1 + 50);
    expect(measure(query, { withRepairs: false }).cost).toBe(1);
  });

  it('is within the limit at the limit and exceeded one past it', () => {
    const query = '{ properties(first: 99) { nodes { reference } } }'; // 1 + 99 = 100
    expect(check(query, { maxCost: 100 })).toEqual([]);
    expect(check(query, { maxCost: 99 })).toEqual([
      {
        message:
          "operation cost 100 exceeds the limit of 99 (objects cost 1 and scalars 0 unless the schema's @cost says otherwise, a list multiplies by its @listSize (`first` for a page), a mutation adds 10)",
        extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost', measured: 100, maximum: 99 },
      },
    ]);
  });

  it('lets a 50-row property page with tenancies, members and contact details through, and refuses pages of pages', () => {
    const page = `query ($n: Int) { properties(first: $n) { nodes {
      reference address { line1 postcode }
      tenancies { reference startDate members { id firstName surname contactDetails { email phones { number type } } } }
    } } }`;
    // properties 1 + 50 x (property 1 + address 1 + tenancies 2 x (1 + members 5 x (1 + contact 1 + phones 2)))
    expect(measure(page, { n: 50 }).cost).toBe(1 + 50 * (1 + 1 + 2 * (1 + 5 * (1 + 1 + 2))));
    expect(check(page, {}, { n: 50 })).toEqual([]);
    expect(check(page, {}, { n: 100 })).toEqual([]);
    for (const attack of [
      '{ properties(first: 100) { nodes { children(first: 100) { nodes { reference } } } } }',
      '{ properties(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { reference } } } } } } }',
      '{ properties(first: 100) { nodes { tenancies { members { tenancies { members { tenancies { members { id } } } } } } } } }',
    ])
      expect(check(attack, {}).map((e) => e.extensions['limit'])).toEqual(['cost']);
  });
});

describe('checkOperationLimits', () => {
  it('reports every limit exceeded, in the order depth, aliases, cost', () => {
    // cost 1 + 100 x (1 + 2 x (1 + 5 x 1)) = 1,301
    const query = '{ a: properties(first: 100) { b: nodes { c: tenancies { members { id } } } } }';
    expect(
      check(query, { maxDepth: 3, maxAliases: 2, maxCost: 1000 }).map((e) => e.extensions['limit']),
    ).toEqual(['depth', 'aliases', 'cost']);
  });

  it('selects the operation by name, and leaves a missing operation to execution', () => {
    const document = parse(`
      query Small { property(reference: "1") { reference } }
      query Deep { tenancy(reference: "x") { property { currentTenancy { members { id } } } } }`);
    const limits = { ...DEFAULT_OPERATION_LIMITS, maxDepth: 3 };
    expect(checkOperationLimits(schema, costs, document, 'Small', undefined, limits)).toEqual([]);
    expect(checkOperationLimits(schema, costs, document, 'Deep', undefined, limits)).toHaveLength(1);
    expect(checkOperationLimits(schema, costs, document, 'Missing', undefined, limits)).toEqual([]);
    expect(checkOperationLimits(schema, costs, document, undefined, undefined, limits)).toEqual([]);
  });

  it('terminates on an unvalidated document with cyclic and unknown fragments and unknown fields', () => {
    const document = parse(`
      { property(reference: "1") { ...A nope { deeper } } }
      fragment A on Property { reference ...B ...Missing }
      fragment B on Property { parent { ...A } }`);
    expect(
      checkOperationLimits(schema, costs, document, undefined, undefined, DEFAULT_OPERATION_LIMITS),
    ).toEqual([]);
    const shape = compileOperationShape(schema, costs, document, selectOperation(document, undefined)!);
    // property 1 and B's parent 1 (whose spread of A, already being expanded, adds nothing); A's reference
    // is a scalar and the unknown nope > deeper have no type to cost.
    expect(measureOperationShape(shape, {})).toEqual({ depth: 3, aliases: 0, cost: 2, unsized: [] });
  });

  it('measures fragments spread twice per level, 40 levels deep, without expanding 2^40 copies', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) =>
        `fragment F${i} on Property { ${i === 39 ? 'r: parent { reference }' : `...F${i + 1} ...F${i + 1}`} }`,
    );
    const document = parse(`{ property(reference: "1") { ...F0 } } ${fragments.join(' ')}`);
    const started = performance.now();
    const errors = checkOperationLimits(
      schema,
      costs,
      document,
      undefined,
      undefined,
      DEFAULT_OPERATION_LIMITS,
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(errors.map((e) => [e.extensions['limit'], e.extensions['measured']])).toEqual([
      ['aliases', 2 ** 39],
      ['cost', 1 + 2 ** 39],
    ]);
  });

  it('shows a measure past 2^53 as that bound, not Infinity', () => {
    const fragments = Array.from(
      { length: 60 },
      (_, i) =>
        `fragment F${i} on Property { ${i === 59 ? 'parent { reference }' : `...F${i + 1} ...F${i + 1}`} }`,
    );
    const document = parse(`{ property(reference: "1") { ...F0 } } ${fragments.join(' ')}`);
    const [error] = checkOperationLimits(
      schema,
      costs,
      document,
      undefined,
      undefined,
      DEFAULT_OPERATION_LIMITS,
    );
    expect(error?.message).toMatch(/^operation cost over 9007199254740991 exceeds the limit of 5000 /);
    expect(error?.extensions['measured']).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('the defaults', () => {
  const operations = loadRegisteredOperations(schemaDir);

  it('find the registered operations', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
  });

  it.each(operations.map((op) => [`${op.client}/${op.name}`, op] as const))(
    'let %s through with its sample variables, its defaults and every page size at the maximum (100)',
    (_name, op) => {
      expect(validate(schema, op.document)).toEqual([]);
      const operation = op.document.definitions[0] as OperationDefinitionNode;
      const atMaximum: Record<string, unknown> = { ...op.variables };
      for (const variable of operation.variableDefinitions ?? [])
        if (variable.type.kind === Kind.NAMED_TYPE && variable.type.name.value === 'Int')
          atMaximum[variable.variable.name.value] = 100;
      for (const variables of [op.variables, {}, atMaximum]) {
        expect(
          checkOperationLimits(schema, costs, op.document, op.name, variables, DEFAULT_OPERATION_LIMITS),
        ).toEqual([]);
        // "Comfortably": depth within two thirds of its limit, aliases half, cost a tenth.
        const measured = measureOperationShape(
          compileOperationShape(schema, costs, op.document, operation),
          variables,
        );
        expect(measured.depth).toBeLessThanOrEqual(DEFAULT_OPERATION_LIMITS.maxDepth / 1.5);
        expect(measured.aliases).toBeLessThanOrEqual(DEFAULT_OPERATION_LIMITS.maxAliases / 2);
        expect(measured.cost).toBeLessThanOrEqual(DEFAULT_OPERATION_LIMITS.maxCost / 10);
      }
    },
  );

  it("let GraphiQL's introspection query through, with every option on", () => {
    for (const document of [
      parse(getIntrospectionQuery()),
      parse(
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        }),
      ),
    ]) {
      expect(validate(schema, document)).toEqual([]);
      expect(
        checkOperationLimits(schema, costs, document, 'IntrospectionQuery', {}, DEFAULT_OPERATION_LIMITS),
      ).toEqual([]);
    }
  });

  it('count aliases inside introspection (each alias of __schema is a full walk of the schema)', () => {
    const fields = Array.from({ length: 31 }, (_, i) => `s${i}: __schema { types { name } }`);
    expect(check(`{ ${fields.join(' ')} }`, {}).map((e) => e.extensions['limit'])).toEqual(['aliases']);
  });

  it('are frozen', () => {
    expect(Object.isFrozen(DEFAULT_OPERATION_LIMITS)).toBe(true);
  });
});
