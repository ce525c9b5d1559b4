import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { GatewayPlugin } from './GatewayPlugin';

/**
 * Error codes that are the caller's doing (or a plain "no such record"), not a failing store: a canary
 * whose consumers send bad input must not look like a failing cloud.
 */
const NOT_A_STORE_FAILURE = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'CONFLICT',
  'OPERATION_LIMIT_EXCEEDED',
]);

export interface TrafficCounting {
  countRequest(entity: string, store: 'legacy' | 'cloud', failed: boolean): void;
}

/**
 * Counts, for each entity an operation touches, which subgraph answered for it and whether that subgraph
 * failed (an error carrying its serviceName and a code that is not the caller's mistake): what the CLOUD
 * gate compares (the canary's error rate against legacy's) and what the automatic guard watches. A map
 * increment per entity; migration/EntityTraffic writes the counts to the database every few seconds.
 */
export function useEntityTraffic(traffic: TrafficCounting): GatewayPlugin {
  return {
    name: 'entityTraffic',
    async onExecute(request, execute) {
      let result: GatewayExecutionResult;
      try {
        result = await execute();
      } catch (error) {
        count(request.touched(), request.labels.decisions, traffic, () => true);
        throw error;
      }
      const failedServices = failingServices(result);
      count(request.touched(), request.labels.decisions, traffic, (store) => failedServices.has(store));
      return result;
    },
  };
}

function count(
  touched: readonly string[],
  decisions: readonly { readonly entity: string; readonly store: 'legacy' | 'cloud' }[],
  traffic: TrafficCounting,
  failed: (store: 'legacy' | 'cloud') => boolean,
): void {
  for (const decision of decisions)
    if (touched.includes(decision.entity))
      traffic.countRequest(decision.entity, decision.store, failed(decision.store));
}

/** The subgraphs (by serviceName, which is the store's name in this graph) that failed in this result. */
function failingServices(result: GatewayExecutionResult): Set<string> {
  const failed = new Set<string>();
  for (const error of result.errors ?? []) {
    const { serviceName, code } = error.extensions ?? {};
    if (typeof serviceName === 'string' && !(typeof code === 'string' && NOT_A_STORE_FAILURE.has(code)))
      failed.add(serviceName);
  }
  return failed;
}
