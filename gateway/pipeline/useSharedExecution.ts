import { OperationTypeNode } from 'graphql';
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { GatewayMetrics } from '../metrics/createGatewayMetrics';
import type { GatewayPlugin } from './GatewayPlugin';

function labelKey(labels: ReadonlySet<string>): string {
  return labels.size === 0 ? '' : [...labels].sort().join(',');
}

/**
 * Identical queries in flight share one execution: same document, operation, variables and labels, and
 * the client's own document (nothing taken out by scope, which would make the answer the caller's own),
 * hence the same plan, the same subgraph fetches and the same answer. Never a mutation. Each caller gets
 * its own top-level object; the data tree is shared and never mutated after execution.
 */
export function useSharedExecution(metrics: Pick<GatewayMetrics, 'sharedExecutions'>): GatewayPlugin {
  const inFlight = new Map<string, Promise<GatewayExecutionResult>>();
  return {
    name: 'sharedExecution',
    async onExecute(request, execute) {
      if (request.operationType !== OperationTypeNode.QUERY || request.documentKey === undefined)
        return execute();
      const key = `${request.documentKey}\u0000${request.operationName ?? ''}\u0000${labelKey(request.labels.labelsOn)}\u0000${JSON.stringify(request.requestContext.request.variables ?? {})}`;
      const running = inFlight.get(key);
      if (running !== undefined) {
        metrics.sharedExecutions.inc();
        return { ...(await running) };
      }
      const started = execute();
      inFlight.set(key, started);
      try {
        return { ...(await started) };
      } finally {
        inFlight.delete(key);
      }
    },
  };
}
