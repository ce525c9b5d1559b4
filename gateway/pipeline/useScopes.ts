import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { GatewayPlugin } from './GatewayPlugin';

/**
 * Enforces @requiresScopes for the caller's token (gateway/auth/ScopeEnforcer): a mutation touching a
 * forbidden field is refused whole; a query is executed without its forbidden fields, which then come back
 * null with FORBIDDEN at each path. Nothing is asked of a subgraph that the caller may not see.
 */
export function useScopes(): GatewayPlugin {
  return {
    name: 'scopes',
    onOperation({ graph, requestContext, document, operationName }) {
      const decision = graph.scopes.enforce(document, operationName, requestContext.context.principal);
      switch (decision.kind) {
        case 'allowed':
          return undefined;
        case 'rejected':
          return { respond: { errors: decision.errors } };
        case 'filtered':
          return {
            execute: decision.document,
            complete: (result) =>
              decision.complete({ data: result.data, errors: result.errors }) as GatewayExecutionResult,
          };
      }
    },
  };
}
