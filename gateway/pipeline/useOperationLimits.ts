import type { GatewayPlugin } from './GatewayPlugin';

/**
 * Refuses an operation over the depth, alias or cost limit (OPERATION_LIMIT_EXCEEDED, each error saying
 * what was measured and what is allowed) before it is planned. Measured on the client's document, before
 * scopes take anything out: what a client may ask for does not depend on who asks.
 */
export function useOperationLimits(): GatewayPlugin {
  return {
    name: 'operationLimits',
    onOperation({ graph, requestContext, document, operationName }) {
      const errors = graph.limits(document, operationName, requestContext.request.variables);
      return errors.length > 0 ? { respond: { errors } } : undefined;
    },
  };
}
