import { OperationTypeNode } from 'graphql';
import type { ReadPin } from '../../migration/ReadPins';
import type { GatewayPlugin } from './GatewayPlugin';

/**
 * After a mutation, pins the consumer's reads of each entity it wrote to the store that took the write
 * (migration/ReadPins.ts), so its next read never comes from the other store's older copy. Recorded
 * before the response goes out, so the consumer cannot read first.
 */
export function useReadYourWrites(pins: { wrote(pin: ReadPin): Promise<void> }): GatewayPlugin {
  return {
    name: 'readYourWrites',
    async onExecute(request, execute) {
      const result = await execute();
      if (request.operationType !== OperationTypeNode.MUTATION) return result;
      const touched = request.touched();
      const consumerKey = request.requestContext.context.consumerKey;
      for (const decision of request.labels.decisions) {
        if (!touched.includes(decision.entity)) continue;
        await pins.wrote({ consumerKey, entity: decision.entity, store: decision.store });
      }
      return result;
    },
  };
}
