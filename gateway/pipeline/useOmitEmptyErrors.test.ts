import { GraphQLError } from 'graphql';
import { operationRequest, plannedRequest } from '../../test/helpers/gatewayRequests';
import { useOmitEmptyErrors } from './useOmitEmptyErrors';

describe('useOmitEmptyErrors', () => {
  it('drops an empty errors entry and keeps a non-empty one', () => {
    const request = plannedRequest(operationRequest('{ __typename }'));
    const plugin = useOmitEmptyErrors();
    expect(plugin.onResult?.(request, { data: { __typename: 'Query' }, errors: [] })).toEqual({
      data: { __typename: 'Query' },
    });
    const failed = { data: null, errors: [new GraphQLError('down')] };
    expect(plugin.onResult?.(request, failed)).toBe(failed);
  });
});
