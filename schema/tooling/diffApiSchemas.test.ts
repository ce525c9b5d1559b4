import { buildSchema, parse } from 'graphql';
import { diffApiSchemas } from './diffApiSchemas';
import { collectOperationUsage } from './collectOperationUsage';

const BASE = buildSchema(`
  directive @lowercase(locale: String) repeatable on FIELD | FRAGMENT_SPREAD
  interface Node { id: ID! }
  type Query { node(id: ID!): Node, search(term: String!, limit: Int = 10): [Result!]!, old: String, kind: Kind }
  type A implements Node { id: ID!, name: String, count: Int! }
  type B { id: ID! }
  union Result = A | B
  enum Kind { X Y }
  input Filter { a: String, b: Int! }
  type Mutation { set(filter: Filter): Boolean }
`);
const NEXT = buildSchema(`
  directive @lowercase on FIELD
  interface Node { id: ID! }
  type Query { node(id: ID!): Node, search(term: String, limit: Int = 20, region: String!): [Result!]!, kind: Kind @deprecated(reason: "no") }
  type A { id: ID!, name: String!, count: Int, extra: String }
  type B { id: ID! }
  type C { id: ID! }
  union Result = A | C
  enum Kind { X Z }
  input Filter { a: String!, b: Int, c: String }
  type Mutation { set(filter: Filter): Boolean }
`);

describe('diffApiSchemas', () => {
  const changes = diffApiSchemas(BASE, NEXT);

  it('classifies every kind of change with a coordinate, and graphql-js finds nothing more', () => {
    expect(changes.map((c) => `${c.severity} ${c.id}`)).toEqual([
      'breaking DIRECTIVE_LOCATION_REMOVED @lowercase',
      'breaking DIRECTIVE_REPEATABLE_REMOVED @lowercase',
      'breaking ARG_REMOVED @lowercase(locale:)',
      'breaking INTERFACE_REMOVED A',
      'breaking FIELD_TYPE_CHANGED A.count',
      'safe FIELD_ADDED A.extra',
      'safe FIELD_TYPE_CHANGED A.name',
      'safe TYPE_ADDED C',
      'breaking INPUT_FIELD_TYPE_CHANGED Filter.a',
      'safe INPUT_FIELD_TYPE_CHANGED Filter.b',
      'dangerous OPTIONAL_INPUT_FIELD_ADDED Filter.c',
      'breaking ENUM_VALUE_REMOVED Kind.Y',
      'dangerous ENUM_VALUE_ADDED Kind.Z',
      'safe DEPRECATION_ADDED Query.kind',
      'breaking FIELD_REMOVED Query.old',
      'dangerous ARG_DEFAULT_CHANGED Query.search(limit:)',
      'breaking REQUIRED_ARG_ADDED Query.search(region:)',
      'safe ARG_TYPE_CHANGED Query.search(term:)',
      'dangerous UNION_MEMBER_ADDED Result',
      'breaking UNION_MEMBER_REMOVED Result',
    ]);
  });

  it('says what affects operations: the field for a new required argument, the enum type for an added value', () => {
    const affects = (id: string) => changes.find((c) => c.id === id)?.affects;
    expect(affects('REQUIRED_ARG_ADDED Query.search(region:)')).toEqual(['Query.search']);
    expect(affects('ENUM_VALUE_ADDED Kind.Z')).toEqual(['Kind']);
    expect(affects('INPUT_FIELD_TYPE_CHANGED Filter.a')).toEqual(['Filter.a', 'Filter']);
  });
});

describe('collectOperationUsage', () => {
  it('collects types, fields, arguments, input fields, enum values and directives; variables count in full', () => {
    const used = collectOperationUsage(
      BASE,
      parse(`
        query Q($term: String!) {
          search(term: $term) { ... on A { name @lowercase(locale: "en") } ...BFields }
          kind
        }
        fragment BFields on B { id }
        mutation M($f: Filter) { set(filter: $f) }
        mutation L { set(filter: { a: "x", b: 1 }) }
      `),
    );
    expect([...used].sort()).toEqual(
      [
        '@lowercase',
        '@lowercase(locale:)',
        'A',
        'A.name',
        'B',
        'B.id',
        'Boolean',
        'Filter',
        'Filter.a',
        'Filter.b',
        'ID',
        'Int',
        'Kind',
        'Mutation',
        'Mutation.set',
        'Mutation.set(filter:)',
        'Query',
        'Query.kind',
        'Query.search',
        'Query.search(term:)',
        'Result',
        'String',
      ].sort(),
    );
  });
});
