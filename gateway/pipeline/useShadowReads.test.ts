import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { operationRequest, plannedRequest } from '../../test/helpers/gatewayRequests';
import type { ShadowJob } from '../shadow/ShadowRunner';
import { decideLabels } from '../routing/decideLabels';
import { useShadowReads } from './useShadowReads';

const QUERY = 'query ShadowProbe { property(reference: "1") { reference address { line1 } } }';

function setup(sampled: boolean) {
  const offered: ShadowJob[] = [];
  const plugin = useShadowReads({ sampled: () => sampled, offer: (job) => offered.push(job) > 0 });
  const ranWith: string[][] = [];
  const request = operationRequest(QUERY);
  const labels = decideLabels(
    request.graph.planner.labels,
    new Map([
      ['property', { phase: 'SHADOW', percent: 0 }],
      ['tenancy', { phase: 'SHADOW', percent: 0 }],
      ['person', { phase: 'CLOUD', percent: 100 }],
    ]),
    'tester',
  );
  const planned = plannedRequest(request, {
    labels,
    touched: ['property'],
    executeWithLabels: async (labelsOn) => {
      ranWith.push([...labelsOn].sort());
      return { data: { property: { reference: '1', address: { line1: 'Shadow Street' } } } };
    },
  });
  return { plugin, offered, ranWith, planned };
}

describe('useShadowReads', () => {
  it('offers a comparison for each touched SHADOW entity, on a copy of the answer, rerun with its label on', async () => {
    const { plugin, offered, ranWith, planned } = setup(true);
    const answer: GatewayExecutionResult = {
      data: { property: { reference: '1', address: { line1: '1 Road' } } },
    };
    expect(await plugin.onExecute?.(planned, async () => answer)).toBe(answer);
    expect(offered.map((job) => [job.entity, job.operationName])).toEqual([['property', 'ShadowProbe']]);
    expect(offered[0]?.legacyData).toEqual(answer.data);
    expect(offered[0]?.legacyData).not.toBe(answer.data);
    await offered[0]?.runCloud();
    expect(ranWith).toEqual([['person', 'property']]);
  });

  it('offers nothing when not sampled, or when the answer has errors', async () => {
    const unsampled = setup(false);
    await unsampled.plugin.onExecute?.(unsampled.planned, async () => ({ data: {} }));
    expect(unsampled.offered).toEqual([]);
    const failed = setup(true);
    await failed.plugin.onExecute?.(failed.planned, async () => ({
      data: null,
      errors: [new GraphQLError('down')],
    }));
    expect(failed.offered).toEqual([]);
  });
});
