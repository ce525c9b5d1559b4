import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { getNamedType, getNullableType, isListType, isObjectType, parse } from 'graphql';
import { loadSupergraph } from '../supergraph/loadSupergraph';
import { DEFAULT_OPERATION_LIMITS, checkOperationLimits } from './checkOperationLimits';
import { DEFAULT_LIST_SIZE } from './measureOperationShape';
import { readCostDirectives } from './readCostDirectives';

const committed = loadSupergraph(
  readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
);

function composed(sdl: string) {
  const result = composeServices([
    { name: 'things', url: 'http://things.invalid/graphql', typeDefs: parse(sdl) },
  ]);
  if (result.errors !== undefined) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const loaded = loadSupergraph(result.supergraphSdl);
  return {
    schema: loaded.apiSchema.toGraphQLJSSchema(),
    costs: readCostDirectives(loaded.supergraph.schema),
  };
}

describe('readCostDirectives', () => {
  it("reads the committed supergraph's @listSize and @cost by coordinate", () => {
    const costs = readCostDirectives(committed.supergraph.schema);
    expect(costs.listSizes.get('Query.properties')).toEqual({
      slicingArguments: ['first'],
      sizedFields: ['edges', 'nodes'],
      requireOneSlicingArgument: true,
    });
    expect(costs.listSizes.get('Tenancy.members')).toEqual({
      assumedSize: 5,
      requireOneSlicingArgument: true,
    });
    expect(costs.weights.get('Query.searchPersons')).toBe(3);
  });

  it('sizes every list of the committed API schema: by its own @listSize, or as a sized field of every field returning its type', () => {
    const schema = committed.apiSchema.toGraphQLJSSchema();
    const { listSizes } = readCostDirectives(committed.supergraph.schema);
    const returning = new Map<string, string[]>();
    for (const type of Object.values(schema.getTypeMap()))
      if (isObjectType(type) && !type.name.startsWith('__'))
        for (const field of Object.values(type.getFields())) {
          const named = getNamedType(field.type).name;
          returning.set(named, [...(returning.get(named) ?? []), `${type.name}.${field.name}`]);
        }
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type))) continue;
        const coordinate = `${type.name}.${field.name}`;
        const sizedByEveryParent = (returning.get(type.name) ?? []).every(
          (parent) => listSizes.get(parent)?.sizedFields?.includes(field.name) === true,
        );
        if (!listSizes.has(coordinate) && !sizedByEveryParent) unsized.push(coordinate);
      }
    }
    expect(unsized).toEqual([]);
  });

  it('reads imports renamed in the subgraph, sizes lists without @listSize by the default, and refuses an unsized slice', () => {
    const { schema, costs } = composed(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{ name: "@listSize", as: "@size" }, "@cost"])
      type Query {
        page(first: Int, last: Int): [Thing!]! @size(slicingArguments: ["first", "last"])
        all: [Thing!]!
      }
      type Thing { id: ID! heavy: Int @cost(weight: 7) }
    `);
    const cost = (query: string) =>
      checkOperationLimits(
        schema,
        costs,
        parse(query),
        undefined,
        {},
        { ...DEFAULT_OPERATION_LIMITS, maxCost: 1 },
      ).map((e) => e.extensions['measured'] ?? e.message);
    expect(cost('{ page(first: 3) { id } }')).toEqual([3]);
    expect(cost('{ page(first: 3) { heavy } }')).toEqual([3 * (1 + 7)]);
    expect(cost('{ all { id } }')).toEqual([DEFAULT_LIST_SIZE]);
    // Neither or both of the slicing arguments: the size cannot be told (Apollo Router refuses it too).
    for (const query of ['{ page { id } }', '{ page(first: 1, last: 2) { id } }'])
      expect(
        checkOperationLimits(schema, costs, parse(query), undefined, {}, DEFAULT_OPERATION_LIMITS).map(
          (e) => [e.message, e.extensions['code']],
        ),
      ).toEqual([
        [
          'Query.page: expected exactly one of its slicing arguments, which give the size of the list it returns',
          'BAD_USER_INPUT',
        ],
      ]);
  });
});
