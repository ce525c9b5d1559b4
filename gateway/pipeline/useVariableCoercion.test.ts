import { operationRequest } from '../../test/helpers/gatewayRequests';
import { useVariableCoercion } from './useVariableCoercion';

const step = useVariableCoercion();
const QUERY =
  'query P($ref: String!, $n: Int) { property(reference: $ref) { children(first: $n) { totalCount } } }';

describe('useVariableCoercion', () => {
  it('lets variables of the declared types through, and operations without variables', () => {
    expect(step.onOperation?.(operationRequest(QUERY, { variables: { ref: '1', n: 5 } }))).toBeUndefined();
    expect(
      step.onOperation?.(operationRequest('{ property(reference: "1") { reference } }')),
    ).toBeUndefined();
  });

  it('answers each wrong or missing variable with what graphql-js says, before anything runs', () => {
    const refused = step.onOperation?.(operationRequest(QUERY, { variables: { ref: 12, n: 'five' } }));
    expect(
      refused !== undefined && 'respond' in refused && refused.respond.errors?.map((e) => e.message),
    ).toEqual([
      'Variable "$ref" got invalid value 12; String cannot represent a non string value: 12',
      'Variable "$n" got invalid value "five"; Int cannot represent non-integer value: "five"',
    ]);
    const missing = step.onOperation?.(operationRequest(QUERY, { variables: {} }));
    expect(
      missing !== undefined && 'respond' in missing && missing.respond.errors?.map((e) => e.message),
    ).toEqual(['Variable "$ref" of required type "String!" was not provided.']);
  });
});
