import type { GatewayPlugin } from './GatewayPlugin';

/**
 * Tells the HTTP layer what ran (operation type and name, for its metrics and logs) through the context's
 * shared `outcome` object: Apollo Server hands the executor a shallow copy of the context, so only a
 * shared object carries the value back. First, so a refused request is labelled too.
 */
export function useOperationOutcome(): GatewayPlugin {
  return {
    name: 'operationOutcome',
    onOperation({ requestContext, operationType }) {
      const { outcome } = requestContext.context;
      outcome.operationType = operationType;
      outcome.operationName = requestContext.operationName;
      return undefined;
    },
  };
}
