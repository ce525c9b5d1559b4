import { GraphQLError } from 'graphql';
import { operationRequest, plannedRequest } from '../../test/helpers/gatewayRequests';
import { decideLabels } from '../routing/decideLabels';
import { useEntityTraffic } from './useEntityTraffic';

describe('useEntityTraffic', () => {
  const counted: string[] = [];
  const plugin = useEntityTraffic({
    countRequest: (entity, store, failed) =>
      void counted.push(`${entity}:${store}:${failed ? 'failed' : 'ok'}`),
  });
  const request = operationRequest('{ property(reference: "1") { reference address { line1 } } }');
  const planned = (phase: 'CLOUD' | 'LEGACY') =>
    plannedRequest(request, {
      labels: decideLabels(
        request.graph.planner.labels,
        new Map([['property', { phase, percent: phase === 'CLOUD' ? 100 : 0 }]]),
        'tester',
      ),
    });
  const error = (code: string, serviceName?: string) =>
    new GraphQLError('x', { extensions: { code, ...(serviceName === undefined ? {} : { serviceName }) } });
  beforeEach(() => (counted.length = 0));

  it('counts each touched entity once, by the store that answered for it, failed only on that store’s server errors', async () => {
    await plugin.onExecute?.(planned('CLOUD'), async () => ({ data: {} }));
    await plugin.onExecute?.(planned('CLOUD'), async () => ({
      data: null,
      errors: [error('SUBGRAPH_UNAVAILABLE', 'cloud')],
    }));
    // The other subgraph failing, or the caller's own mistake, is not this store failing.
    await plugin.onExecute?.(planned('CLOUD'), async () => ({
      data: null,
      errors: [
        error('LEGACY_STORE_UNAVAILABLE', 'legacy'),
        error('BAD_USER_INPUT', 'cloud'),
        error('FORBIDDEN'),
      ],
    }));
    await plugin.onExecute?.(planned('LEGACY'), async () => ({
      data: null,
      errors: [error('GATEWAY_TIMEOUT', 'legacy')],
    }));
    expect(counted).toEqual([
      'property:cloud:ok',
      'property:cloud:failed',
      'property:cloud:ok',
      'property:legacy:failed',
    ]);
  });

  it('counts a thrown execution as failed and throws it on', async () => {
    await expect(
      plugin.onExecute?.(planned('CLOUD'), () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(counted).toEqual(['property:cloud:failed']);
  });
});
