import { operationRequest } from '../../test/helpers/gatewayRequests';
import { useOperationOutcome } from './useOperationOutcome';

describe('useOperationOutcome', () => {
  it("records the operation's type and resolved name on the shared outcome, and lets the request on", () => {
    const request = operationRequest('query Page { property(reference: "1") { reference } }');
    expect(useOperationOutcome().onOperation?.(request)).toBeUndefined();
    expect(request.requestContext.context.outcome).toEqual({ operationType: 'query', operationName: 'Page' });
    const anonymous = operationRequest(
      'mutation { endTenancy(reference: "x", endDate: "2026-01-01") { reference } }',
    );
    useOperationOutcome().onOperation?.(anonymous);
    expect(anonymous.requestContext.context.outcome).toEqual({
      operationType: 'mutation',
      operationName: null,
    });
  });
});
