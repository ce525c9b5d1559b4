import { operationRequest, plannedRequest } from '../../test/helpers/gatewayRequests';
import { decideLabels } from '../routing/decideLabels';
import { useDebugRouting } from './useDebugRouting';

describe('useDebugRouting', () => {
  it("adds each touched entity's decision and the plan's fetches, keeping other extensions", () => {
    const request = operationRequest('{ property(reference: "1") { reference llpgAddress { uprn } } }');
    const labels = decideLabels(
      request.graph.planner.labels,
      new Map([['tenancy', { phase: 'CLOUD', percent: 100 }]]),
      'tester',
    );
    const result = useDebugRouting().onResult?.(plannedRequest(request, { labels }), {
      data: { property: null },
      extensions: { other: 1 },
    });
    expect(result).toEqual({
      data: { property: null },
      extensions: {
        other: 1,
        routing: {
          entities: { property: { phase: 'LEGACY', store: 'legacy' } },
          fetches: [
            { serviceName: 'legacy', path: '' },
            { serviceName: 'cloud', path: 'property' },
          ],
        },
      },
    });
  });
});
