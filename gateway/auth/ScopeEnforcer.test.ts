import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, print, validate, GraphQLError, type DocumentNode } from 'graphql';
import { ScopeEnforcer, type ScopeDecision } from './ScopeEnforcer';
import { ANONYMOUS, type Principal } from './Principal';

const root = join(__dirname, '..', '..');
const supergraph = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
const apiSchema = buildSchema(readFileSync(join(root, 'schema', 'api.graphql'), 'utf8'));
const enforcer = new ScopeEnforcer(supergraph, apiSchema);

function principal(...scopes: string[]): Principal {
  return { subject: 'tester', scopes: new Set(scopes), authenticated: true };
}

function filtered(decision: ScopeDecision) {
  if (decision.kind !== 'filtered') throw new Error(`expected a filtered decision, got ${decision.kind}`);
  return decision;
}

/** The filtered document as compact text, checked valid against the API schema. */
function text(document: DocumentNode): string {
  expect(validate(apiSchema, document)).toEqual([]);
  return print(document).replace(/\s+/g, ' ').trim();
}

function errorsOf(result: { errors?: readonly GraphQLError[] }) {
  return (result.errors ?? []).map((error) => ({
    message: error.message,
    path: error.path,
    code: error.extensions.code,
  }));
}

const forbiddenDob = (path: (string | number)[]) => ({
  message: 'Forbidden: Person.dateOfBirth needs scope personal:read',
  path,
  code: 'FORBIDDEN',
});

describe('ScopeEnforcer', () => {
  it('reads every scoped field of the supergraph, with OR-of-AND scopes', () => {
    expect(enforcer.scopedFields).toEqual(
      expect.arrayContaining([
        { coordinate: 'Person.dateOfBirth', scopes: [['personal:read']] },
        { coordinate: 'Tenancy.balance', scopes: [['finance:read']] },
        { coordinate: 'Mutation.updateContactDetails', scopes: [['personal:write']] },
        { coordinate: 'Query.searchPersons', scopes: [['personal:read']] },
      ]),
    );
    expect(enforcer.knownScopes).toEqual([
      'finance:read',
      'personal:read',
      'personal:write',
      'repairs:write',
      'tenancy:write',
    ]);
  });

  it('allows a query without scoped fields to anyone, and one with them to a token holding every scope', () => {
    const document = parse(
      '{ property(reference: "1") { reference currentTenancy { balance members { dateOfBirth } } } }',
    );
    expect(
      enforcer.enforce(parse('{ property(reference: "1") { reference } }'), undefined, ANONYMOUS),
    ).toEqual({
      kind: 'allowed',
    });
    const all = principal(...enforcer.knownScopes);
    expect(enforcer.enforce(document, undefined, all)).toEqual({ kind: 'allowed' });
    // The fast path: the same decision object, no document work, however many times.
    expect(enforcer.enforce(document, undefined, all)).toBe(enforcer.enforce(document, null, all));
  });

  it('takes forbidden fields out, keeping their @include, and nulls them at every list item with an error each', () => {
    const document = parse(`
      query Household($dob: Boolean!) {
        property(reference: "1") {
          reference
          currentTenancy {
            balance
            members { id dateOfBirth @include(if: $dob) firstName }
          }
        }
      }`);
    const decision = filtered(enforcer.enforce(document, 'Household', principal('finance:read')));
    expect(text(decision.document)).toBe(
      'query Household($dob: Boolean!) { property(reference: "1") { reference currentTenancy { balance members { id housingForbidden_0: __typename @include(if: $dob) housingForbidden_1: __typename } } } }',
    );
    const members = [
      { id: 'a', housingForbidden_0: 'Person', housingForbidden_1: 'Person' },
      { id: 'b', housingForbidden_0: 'Person', housingForbidden_1: 'Person' },
    ];
    const result = decision.complete({
      data: { property: { reference: '00000001', currentTenancy: { balance: '1.00', members } } },
    });
    expect(result.data).toEqual({
      property: {
        reference: '00000001',
        currentTenancy: {
          balance: '1.00',
          members: [
            { id: 'a', dateOfBirth: null, firstName: null },
            { id: 'b', dateOfBirth: null, firstName: null },
          ],
        },
      },
    });
    const memberPath = (i: number) => ['property', 'currentTenancy', 'members', i];
    expect(errorsOf(result)).toEqual([
      forbiddenDob([...memberPath(0), 'dateOfBirth']),
      {
        ...forbiddenDob([...memberPath(0), 'firstName']),
        message: 'Forbidden: Person.firstName needs scope personal:read',
      },
      forbiddenDob([...memberPath(1), 'dateOfBirth']),
      {
        ...forbiddenDob([...memberPath(1), 'firstName']),
        message: 'Forbidden: Person.firstName needs scope personal:read',
      },
    ]);
    // With $dob false the marker is not in the data: no dateOfBirth key and no error for it.
    const skipped = decision.complete({
      data: {
        property: {
          reference: '00000001',
          currentTenancy: { balance: '1.00', members: [{ id: 'a', housingForbidden_1: 'Person' }] },
        },
      },
    });
    expect(skipped.data).toEqual({
      property: {
        reference: '00000001',
        currentTenancy: { balance: '1.00', members: [{ id: 'a', firstName: null }] },
      },
    });
    expect(errorsOf(skipped).map((e) => e.path)).toEqual([[...memberPath(0), 'firstName']]);
  });

  it('respects aliases, fragments and inline fragments, and a field forbidden under two aliases errs at both', () => {
    const document = parse(`
      query {
        tenancy(reference: "0905836/01") {
          ...Money
          ... on Tenancy { members { born: dateOfBirth again: dateOfBirth id } }
          ... { reference }
        }
      }
      fragment Money on Tenancy { owed: balance reference }`);
    const decision = filtered(enforcer.enforce(document, undefined, ANONYMOUS));
    expect(text(decision.document)).toBe(
      '{ tenancy(reference: "0905836/01") { ...Money ... on Tenancy { members { housingForbidden_0: __typename housingForbidden_1: __typename id } } ... { reference } } } fragment Money on Tenancy { housingForbidden_2: __typename reference }',
    );
    const result = decision.complete({
      data: {
        tenancy: {
          housingForbidden_2: 'Tenancy',
          reference: '0905836/01',
          members: [{ housingForbidden_0: 'Person', housingForbidden_1: 'Person', id: 'p1' }],
        },
      },
    });
    expect(result.data).toEqual({
      tenancy: { owed: null, reference: '0905836/01', members: [{ born: null, again: null, id: 'p1' }] },
    });
    expect(errorsOf(result)).toEqual([
      {
        message: 'Forbidden: Tenancy.balance needs scope finance:read',
        path: ['tenancy', 'owed'],
        code: 'FORBIDDEN',
      },
      forbiddenDob(['tenancy', 'members', 0, 'born']),
      forbiddenDob(['tenancy', 'members', 0, 'again']),
    ]);
  });

  it('follows nested lists and connections (edges { node }, nodes)', () => {
    const document = parse(`{
      properties(first: 2) {
        edges { node { tenancies { members { dateOfBirth } } } }
        nodes { reference }
      }
    }`);
    const decision = filtered(enforcer.enforce(document, undefined, principal('finance:read')));
    const person = { housingForbidden_0: 'Person' };
    const result = decision.complete({
      data: {
        properties: {
          edges: [
            { node: { tenancies: [{ members: [person, person] }, { members: [] }] } },
            { node: { tenancies: [{ members: [person] }] } },
          ],
          nodes: [{ reference: '1' }, { reference: '2' }],
        },
      },
    });
    expect(errorsOf(result).map((e) => e.path)).toEqual([
      ['properties', 'edges', 0, 'node', 'tenancies', 0, 'members', 0, 'dateOfBirth'],
      ['properties', 'edges', 0, 'node', 'tenancies', 0, 'members', 1, 'dateOfBirth'],
      ['properties', 'edges', 1, 'node', 'tenancies', 0, 'members', 0, 'dateOfBirth'],
    ]);
    expect(result.data).toEqual({
      properties: {
        edges: [
          {
            node: {
              tenancies: [{ members: [{ dateOfBirth: null }, { dateOfBirth: null }] }, { members: [] }],
            },
          },
          { node: { tenancies: [{ members: [{ dateOfBirth: null }] }] } },
        ],
        nodes: [{ reference: '1' }, { reference: '2' }],
      },
    });
  });

  it('propagates null from a non-null forbidden field to the nearest nullable parent', () => {
    // possibleDuplicates: [Person!]! on Person, inside members: [Person!]! on the nullable currentTenancy.
    const document = parse(`{
      property(reference: "1") {
        reference
        currentTenancy { reference members { id possibleDuplicates { id } } }
      }
    }`);
    const decision = filtered(enforcer.enforce(document, undefined, ANONYMOUS));
    const result = decision.complete({
      data: {
        property: {
          reference: '1',
          currentTenancy: { reference: 't', members: [{ id: 'a', housingForbidden_0: 'Person' }] },
        },
      },
      errors: [new GraphQLError('earlier', { path: ['property'], extensions: { code: 'NOT_FOUND' } })],
    });
    expect(result.data).toEqual({ property: { reference: '1', currentTenancy: null } });
    expect(errorsOf(result)).toEqual([
      { message: 'earlier', path: ['property'], code: 'NOT_FOUND' },
      {
        message: 'Forbidden: Person.possibleDuplicates needs scope personal:read',
        path: ['property', 'currentTenancy', 'members', 0, 'possibleDuplicates'],
        code: 'FORBIDDEN',
      },
    ]);
    // A non-null root field (searchPersons: PersonConnection!) takes the whole data with it, per the spec.
    const search = filtered(
      enforcer.enforce(
        parse(
          'query($n: String!) { searchPersons(name: $n) { totalCount } property(reference: "1") { reference } }',
        ),
        undefined,
        ANONYMOUS,
      ),
    );
    // The variable only the forbidden field used is dropped, so the document still validates.
    expect(text(search.document)).toBe(
      '{ housingForbidden_0: __typename property(reference: "1") { reference } }',
    );
    const searched = search.complete({ data: { housingForbidden_0: 'Query', property: { reference: '1' } } });
    expect(searched.data).toBeNull();
    expect(errorsOf(searched)).toEqual([
      {
        message: 'Forbidden: Query.searchPersons needs scope personal:read',
        path: ['searchPersons'],
        code: 'FORBIDDEN',
      },
    ]);
  });

  it('leaves a result without data as it is, and nulls nothing under a parent that is already null', () => {
    const decision = filtered(
      enforcer.enforce(parse('{ person(id: "1") { id dateOfBirth } }'), undefined, ANONYMOUS),
    );
    const failed = {
      data: null,
      errors: [new GraphQLError('down', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } })],
    };
    expect(decision.complete(failed)).toBe(failed);
    expect(decision.complete({ data: { person: null } })).toEqual({ data: { person: null }, errors: [] });
  });

  it('rejects a mutation touching a forbidden field, at the root or inside its result', () => {
    const document = parse(`mutation Update($input: ContactDetailsInput!) {
      updateContactDetails(personId: "1", input: $input) { id dateOfBirth }
    }`);
    const noScopes = enforcer.enforce(document, 'Update', ANONYMOUS);
    expect(noScopes.kind).toBe('rejected');
    expect(noScopes.kind === 'rejected' && errorsOf({ errors: noScopes.errors })).toEqual([
      {
        message: 'Forbidden: Mutation.updateContactDetails needs scope personal:write',
        path: undefined,
        code: 'FORBIDDEN',
      },
      {
        message: 'Forbidden: Person.dateOfBirth needs scope personal:read',
        path: undefined,
        code: 'FORBIDDEN',
      },
    ]);
    const writeOnly = enforcer.enforce(document, 'Update', principal('personal:write'));
    expect(writeOnly.kind === 'rejected' && writeOnly.errors.map((e) => e.message)).toEqual([
      'Forbidden: Person.dateOfBirth needs scope personal:read',
    ]);
    expect(enforcer.enforce(document, 'Update', principal('personal:write', 'personal:read'))).toEqual({
      kind: 'allowed',
    });
  });

  it('applies OR-of-AND scopes: any one list, every scope in it', () => {
    const sdl = supergraph.replace(
      'dateOfBirth: Date @join__field(graph: CLOUD, override: "legacy", overrideLabel: "person") @join__field(graph: LEGACY, overrideLabel: "person") @requiresScopes(scopes: [["personal:read"]])',
      'dateOfBirth: Date @join__field(graph: CLOUD, override: "legacy", overrideLabel: "person") @join__field(graph: LEGACY, overrideLabel: "person") @requiresScopes(scopes: [["personal:read", "dob:read"], ["admin"]])',
    );
    expect(sdl).not.toBe(supergraph);
    const custom = new ScopeEnforcer(sdl, apiSchema);
    const document = parse('{ person(id: "1") { dateOfBirth } }');
    const kind = (...scopes: string[]) => custom.enforce(document, undefined, principal(...scopes)).kind;
    expect(kind('personal:read')).toBe('filtered');
    expect(kind('dob:read')).toBe('filtered');
    expect(kind('personal:read', 'dob:read')).toBe('allowed');
    expect(kind('admin')).toBe('allowed');
    const decision = filtered(custom.enforce(document, undefined, principal('personal:read')));
    expect(errorsOf(decision.complete({ data: { person: { housingForbidden_0: 'Person' } } }))).toEqual([
      {
        message: 'Forbidden: Person.dateOfBirth needs scopes personal:read and dob:read, or scope admin',
        path: ['person', 'dateOfBirth'],
        code: 'FORBIDDEN',
      },
    ]);
  });

  it('picks marker aliases that no field of the operation uses', () => {
    const document = parse('{ housingForbidden_0: person(id: "1") { dateOfBirth } }');
    const decision = filtered(enforcer.enforce(document, undefined, ANONYMOUS));
    expect(text(decision.document)).toBe(
      '{ housingForbidden_0: person(id: "1") { _housingForbidden_0: __typename } }',
    );
  });
});
