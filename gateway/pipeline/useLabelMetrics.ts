import type { GatewayMetrics } from '../metrics/createGatewayMetrics';
import type { GatewayPlugin } from './GatewayPlugin';

/**
 * Counts, per entity and store, the routing decisions that mattered: those for the entities the operation
 * touches (`housing_gateway_label_decisions_total`), so a canary's share of real traffic can be read off.
 */
export function useLabelMetrics(metrics: Pick<GatewayMetrics, 'labelDecisions'>): GatewayPlugin {
  return {
    name: 'labelMetrics',
    onPlanned(request) {
      const touched = request.touched();
      for (const decision of request.labels.decisions)
        if (touched.includes(decision.entity))
          metrics.labelDecisions.inc({ entity: decision.entity, store: decision.store });
    },
  };
}
