import { operationRequest, plannedRequest } from '../../test/helpers/gatewayRequests';
import { decideLabels } from '../routing/decideLabels';
import { useLabelMetrics } from './useLabelMetrics';

describe('useLabelMetrics', () => {
  it('counts the decision of each entity the operation touches, by store, and no other', () => {
    const counted: Record<string, string>[] = [];
    const plugin = useLabelMetrics({
      labelDecisions: { inc: (labels: Record<string, string>) => void counted.push(labels) } as never,
    });
    const request = operationRequest('{ property(reference: "1") { reference address { line1 } } }');
    const labels = decideLabels(
      request.graph.planner.labels,
      new Map([['property', { phase: 'CLOUD', percent: 100 }]]),
      'tester',
    );
    plugin.onPlanned?.(plannedRequest(request, { labels }));
    expect(counted).toEqual([{ entity: 'property', store: 'cloud' }]);
  });
});
