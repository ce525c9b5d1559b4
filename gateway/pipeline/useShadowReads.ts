import { OperationTypeNode } from 'graphql';
import type { ShadowRunner } from '../shadow/ShadowRunner';
import type { GatewayPlugin } from './GatewayPlugin';

/**
 * For each entity in SHADOW that a query touches, offers a sample of reads to the ShadowRunner: once the
 * client has its answer, the same document runs again with the entity's label on and the two are
 * compared off the response path. Inside sharing: one comparison per execution, not per caller.
 */
export function useShadowReads(shadow: Pick<ShadowRunner, 'sampled' | 'offer'>): GatewayPlugin {
  return {
    name: 'shadowReads',
    async onExecute(request, execute) {
      const executed = await execute();
      const { labels, requestContext } = request;
      if (request.operationType !== OperationTypeNode.QUERY || labels.shadowEntities.length === 0)
        return executed;
      if (executed.errors !== undefined && executed.errors.length > 0) return executed;
      const touched = request.touched();
      for (const entity of labels.shadowEntities) {
        if (!touched.includes(entity) || !shadow.sampled()) continue;
        shadow.offer({
          entity,
          // The name recorded: the operation Apollo Server resolved (the request may not name it).
          operationName: requestContext.operationName ?? request.operationName,
          // The primary result is the client's: compare against a copy taken now, before anything else
          // (formatting, serialisation) touches it.
          legacyData: structuredClone(executed.data ?? null),
          runCloud: () => request.executeWithLabels(new Set([...labels.labelsOn, entity])),
        });
      }
      return executed;
    },
  };
}
