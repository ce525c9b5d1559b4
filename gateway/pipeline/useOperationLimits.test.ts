import { operationRequest } from '../../test/helpers/gatewayRequests';
import { useOperationLimits } from './useOperationLimits';

const step = useOperationLimits();

describe('useOperationLimits', () => {
  it('lets an operation within the limits through', () => {
    expect(
      step.onOperation?.(operationRequest('{ properties(first: 50) { nodes { reference } } }')),
    ).toBeUndefined();
  });

  it('answers an operation over a limit with the limit error, measured with the request variables', () => {
    const request = operationRequest(
      'query ($n: Int) { properties(first: $n) { nodes { children(first: $n) { nodes { reference } } } } }',
      { variables: { n: 100 } },
    );
    const refused = step.onOperation?.(request);
    expect(
      refused !== undefined && 'respond' in refused && refused.respond.errors?.map((e) => e.extensions),
    ).toEqual([{ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost', measured: 10201, maximum: 5000 }]);
    expect(
      step.onOperation?.(
        operationRequest(
          'query ($n: Int) { properties(first: $n) { nodes { children(first: $n) { nodes { reference } } } } }',
          { variables: { n: 10 } },
        ),
      ),
    ).toBeUndefined();
  });
});
