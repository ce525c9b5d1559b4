import { print } from 'graphql';
import { operationRequest } from '../../test/helpers/gatewayRequests';
import type { Principal } from '../auth/Principal';
import { useScopes } from './useScopes';

const step = useScopes();
const withScopes = (...scopes: string[]): Principal => ({
  subject: 's',
  scopes: new Set(scopes),
  authenticated: true,
});
const QUERY = '{ person(id: "1") { id dateOfBirth } }';

describe('useScopes', () => {
  it('lets a caller with the scopes through untouched', () => {
    expect(
      step.onOperation?.(operationRequest(QUERY, { principal: withScopes('personal:read') })),
    ).toBeUndefined();
  });

  it('refuses a mutation touching a forbidden field whole', () => {
    const refused = step.onOperation?.(
      operationRequest('mutation { endTenancy(reference: "x", endDate: "2026-01-01") { reference } }'),
    );
    expect(
      refused !== undefined && 'respond' in refused && refused.respond.errors?.map((e) => e.message),
    ).toEqual(['Forbidden: Mutation.endTenancy needs scope tenancy:write']);
  });

  it('has a query executed without its forbidden fields, then puts them back as null with FORBIDDEN', () => {
    const step_ = step.onOperation?.(operationRequest(QUERY));
    if (step_ === undefined || !('execute' in step_))
      throw new Error('expected the document to be rewritten');
    expect(print(step_.execute).replace(/\s+/g, ' ')).toBe(
      '{ person(id: "1") { id housingForbidden_0: __typename } }',
    );
    const completed = step_.complete({
      data: { person: { id: '1', housingForbidden_0: 'Person' } },
      errors: [],
    });
    expect(completed.data).toEqual({ person: { id: '1', dateOfBirth: null } });
    expect(completed.errors?.map((e) => [e.message, e.path])).toEqual([
      ['Forbidden: Person.dateOfBirth needs scope personal:read', ['person', 'dateOfBirth']],
    ]);
  });
});
