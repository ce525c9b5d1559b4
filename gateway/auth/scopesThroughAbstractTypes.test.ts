import { composeServices } from '@apollo/composition';
import {
  defaultFieldResolver,
  isObjectType,
  execute,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
} from 'graphql';
import { ASSETS_GRAPH_OPERATIONS, assetsGraphRoot, composeAssetsGraph } from '../../test/helpers/assetsGraph';
import { loadSupergraph } from '../supergraph/loadSupergraph';
import { forbidden } from './authErrors';
import type { Principal } from './Principal';
import { ScopeEnforcer } from './ScopeEnforcer';
import { queriesReachingScopedFields } from './queriesReachingScopedFields';
import { readScopedFields } from './readScopedFields';

// Scopes through interfaces, unions and @interfaceObject, on a supergraph composed here (the asset
// register and repairs subgraphs of test/helpers/assetsGraph.ts). The reference is graphql-js executing
// the client's operation over the whole graph's data with each scoped field throwing FORBIDDEN for the
// run-time type it is resolved on; the enforcer's filtered document, executed over the same data and
// completed, must give exactly that: data, errors, paths and order.
const supergraphSdl = composeAssetsGraph({ scopes: true });
const apiSchema = loadSupergraph(supergraphSdl).apiSchema.toGraphQLJSSchema();
const enforcer = new ScopeEnforcer(supergraphSdl, apiSchema);
const requirements = new Map(enforcer.scopedFields.map((field) => [field.coordinate, field.scopes]));

const principal = (...scopes: string[]): Principal => ({
  subject: 'tester',
  scopes: new Set(scopes),
  authenticated: true,
});
const PRINCIPALS: Record<string, Principal> = {
  anonymous: principal(),
  'personal:read': principal('personal:read'),
  'finance:read + inspections:read': principal('finance:read', 'inspections:read'),
  'every scope': principal(...enforcer.knownScopes),
};

function simplify(result: ExecutionResult | { data?: unknown; errors?: readonly Error[] }) {
  return {
    data: result.data,
    errors: (result.errors ?? []).map((error) => {
      const e = error as { message: string; path?: unknown; extensions?: Record<string, unknown> };
      return { message: e.message, path: e.path, code: e.extensions?.code };
    }),
  };
}

function run(
  document: DocumentNode,
  variables: Record<string, unknown>,
  resolver?: GraphQLFieldResolver<unknown, unknown>,
) {
  return execute({
    schema: apiSchema,
    document,
    rootValue: assetsGraphRoot(),
    variableValues: variables,
    ...(resolver === undefined ? {} : { fieldResolver: resolver }),
  }) as ExecutionResult;
}

/** graphql-js with each scoped field of the run-time type throwing FORBIDDEN when the token lacks it. */
function reference(document: DocumentNode, variables: Record<string, unknown>, who: Principal) {
  return run(document, variables, (source, args, context, info) => {
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    const scopes = requirements.get(coordinate);
    if (scopes !== undefined && !scopes.some((all) => all.every((scope) => who.scopes.has(scope))))
      throw forbidden(coordinate, scopes);
    return defaultFieldResolver(source, args, context, info);
  });
}

/** What the gateway answers: the enforcer's decision, its document executed, its result completed. */
function enforced(document: DocumentNode, variables: Record<string, unknown>, who: Principal) {
  const decision = enforcer.enforce(document, undefined, who);
  switch (decision.kind) {
    case 'allowed':
      return run(document, variables);
    case 'rejected':
      return { errors: decision.errors };
    case 'filtered': {
      expect(validate(apiSchema, decision.document)).toEqual([]);
      const executed = run(decision.document, variables);
      expect(executed.errors).toBeUndefined();
      return decision.complete({ data: executed.data });
    }
  }
}

describe('scopes through interfaces, unions and @interfaceObject', () => {
  it('loads a supergraph with abstract types and reads the scopes composition put on the implementations', () => {
    expect(enforcer.scopedFields).toEqual(
      expect.arrayContaining([
        { coordinate: 'Dwelling.inspectionNotes', scopes: [['inspections:read']] },
        // Copied by composition from the @interfaceObject to every implementation.
        { coordinate: 'Garage.repairBudget', scopes: [['finance:read']] },
        { coordinate: 'Contractor.taxReference', scopes: [['finance:read']] },
      ]),
    );
    expect(enforcer.scopedFields.map((field) => field.coordinate)).not.toContain('Garage.inspectionNotes');
  });

  describe.each(Object.entries(PRINCIPALS))('for %s', (_who, who) => {
    it.each(Object.entries(ASSETS_GRAPH_OPERATIONS))(
      '%s: the same answer as graphql-js',
      (_name, { query, variables = {} }) => {
        const document = parse(query);
        expect(simplify(enforced(document, variables, who))).toEqual(
          simplify(reference(document, variables, who)),
        );
      },
    );
  });

  it('takes out a field only for the run-time types it is forbidden on, and asks for their type names', () => {
    const decision = enforcer.enforce(
      parse('{ assets { id inspectionNotes } }'),
      undefined,
      PRINCIPALS.anonymous as Principal,
    );
    if (decision.kind !== 'filtered') throw new Error(`expected filtered, got ${decision.kind}`);
    expect(print(decision.document).replace(/\s+/g, ' ')).toBe(
      '{ assets { housingForbidden_type: __typename id ... on Dwelling { housingForbidden_0: __typename } ... on Garage { inspectionNotes } } }',
    );
    expect(simplify(decision.complete({ data: run(decision.document, {}).data }))).toEqual({
      data: {
        assets: [
          { id: 'd1', inspectionNotes: null },
          { id: 'g1', inspectionNotes: 'Door sticks' },
          { id: 'd2', inspectionNotes: null },
        ],
      },
      errors: [
        {
          message: 'Forbidden: Dwelling.inspectionNotes needs scope inspections:read',
          path: ['assets', 0, 'inspectionNotes'],
          code: 'FORBIDDEN',
        },
        {
          message: 'Forbidden: Dwelling.inspectionNotes needs scope inspections:read',
          path: ['assets', 2, 'inspectionNotes'],
          code: 'FORBIDDEN',
        },
      ],
    });
  });

  it('nulls a union item whose non-null member field is forbidden, keeping the others', () => {
    const document = parse(
      '{ search(text: "x") { ... on Contractor { companyName taxReference } ... on Garage { name } } }',
    );
    expect(simplify(enforced(document, {}, PRINCIPALS.anonymous as Principal))).toEqual({
      data: { search: [{}, null, null, { name: 'Garage 7' }] },
      errors: [
        {
          message: 'Forbidden: Contractor.taxReference needs scope finance:read',
          path: ['search', 1, 'taxReference'],
          code: 'FORBIDDEN',
        },
      ],
    });
  });

  it('refuses a mutation whose result reaches a forbidden implementation field, naming it', () => {
    const document = parse(
      'mutation { recordInspection(assetId: "d1", notes: "ok") { id ... on Dwelling { inspectionNotes } } }',
    );
    const decision = enforcer.enforce(document, undefined, principal('inspections:write'));
    expect(decision.kind === 'rejected' && decision.errors.map((e) => e.message)).toEqual([
      'Forbidden: Dwelling.inspectionNotes needs scope inspections:read',
    ]);
    expect(enforcer.enforce(document, undefined, principal('inspections:write', 'inspections:read'))).toEqual(
      {
        kind: 'allowed',
      },
    );
  });

  it('gives a field returning a union the scopes of its members types, as composition does for interfaces', () => {
    const composed = composeServices([
      {
        name: 'register',
        url: 'http://register.invalid/graphql',
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@requiresScopes"])
          type Query { find: [Found!]! home: Home }
          union Found = Home | Contractor
          type Home { id: ID! }
          type Contractor @requiresScopes(scopes: [["contractors:read"]]) { id: ID! }
        `),
      },
    ]);
    if (composed.errors !== undefined) throw new Error(composed.errors.map((e) => e.message).join('; '));
    const scoped = readScopedFields(composed.supergraphSdl).scopedFields;
    expect(scoped.filter((field) => field.coordinate.startsWith('Query.'))).toEqual([
      { coordinate: 'Query.find', scopes: [['contractors:read']] },
    ]);
  });

  // Every scoped coordinate, interface fields included, reached by a generated operation (crossing
  // interfaces and unions with inline fragments) and answered over the graph's data.
  const reaching = queriesReachingScopedFields(apiSchema, enforcer.scopedFields);

  it('reaches every scoped field of the supergraph', () => {
    expect(reaching.map((entry) => entry.coordinate).sort()).toEqual(
      enforcer.scopedFields.map((field) => field.coordinate).sort(),
    );
  });

  it.each(reaching.map((entry) => [entry.coordinate, entry] as const))(
    '%s is never returned without its scope, and is with it',
    (coordinate, entry) => {
      const document = parse(entry.query);
      const [typeName, field] = coordinate.split('.') as [string, string];
      const needed = new Set(entry.scopes.flat());
      const lacking = principal(...enforcer.knownScopes.filter((scope) => !needed.has(scope)));
      const without = enforced(document, entry.variables, lacking);
      if (entry.operationType === 'mutation') {
        // A write is refused whole, never half done.
        expect(simplify(without)).toEqual({
          data: undefined,
          errors: [
            {
              message: expect.stringContaining(`Forbidden: ${coordinate} needs`),
              path: undefined,
              code: 'FORBIDDEN',
            },
          ],
        });
        return;
      }
      expect(simplify(without)).toEqual(simplify(reference(document, entry.variables, lacking)));
      // An interface's field carries the scopes of the implementations that have them: an implementation
      // without them (Garage.inspectionNotes) still answers; an object type's field never does.
      if (isObjectType(apiSchema.getType(typeName)))
        expect(valuesUnder(without.data, field).every((value) => value === null)).toBe(true);
      const errors = simplify(without).errors;
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expect(error.code).toBe('FORBIDDEN');
      const withScope = enforced(document, entry.variables, principal(...needed));
      expect(simplify(withScope).errors.filter((error) => error.code === 'FORBIDDEN')).toEqual([]);
      expect(valuesUnder(withScope.data, field).some((value) => value !== null)).toBe(true);
    },
  );
});

/** Every value the response holds under this key, at any depth. */
function valuesUnder(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesUnder(item, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesUnder(v, key)]);
}
