import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics, one registry per gateway (tests start several in one process).
 * Label values are bounded: operation types, subgraph names, error codes from the registry, entities.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'operation_type'>;
  readonly requestDuration: Histogram<'operation_type'>;
  readonly subgraphFetches: Counter<'subgraph' | 'outcome'>;
  readonly subgraphFetchDuration: Histogram<'subgraph'>;
  readonly errors: Counter<'code'>;
  readonly labelDecisions: Counter<'entity' | 'store'>;
  readonly shadowComparisons: Counter<'entity' | 'outcome'>;
  readonly shadowMismatches: Counter<'entity'>;
  readonly shadowDropped: Counter<'entity'>;
  readonly sharedExecutions: Counter;
  readonly autoRollbacks: Counter<'entity' | 'outcome'>;
  readonly guardBreaching: Gauge<'entity' | 'rate'>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'housing_gateway_' });
  return {
    registry,
    requests: new Counter({
      name: 'housing_gateway_requests_total',
      help: 'GraphQL requests by operation type (query, mutation, subscription, unknown when rejected early)',
      labelNames: ['operation_type'],
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: 'housing_gateway_request_duration_seconds',
      help: 'GraphQL request latency at the gateway by operation type',
      labelNames: ['operation_type'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    subgraphFetches: new Counter({
      name: 'housing_gateway_subgraph_fetches_total',
      help: 'Fetches sent to subgraphs by outcome (ok, error, timeout, unavailable, merged = served by an identical in-flight fetch)',
      labelNames: ['subgraph', 'outcome'],
      registers: [registry],
    }),
    subgraphFetchDuration: new Histogram({
      name: 'housing_gateway_subgraph_fetch_duration_seconds',
      help: 'Subgraph fetch latency by subgraph',
      labelNames: ['subgraph'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'housing_gateway_errors_total',
      help: 'Errors returned to clients by code',
      labelNames: ['code'],
      registers: [registry],
    }),
    labelDecisions: new Counter({
      name: 'housing_gateway_label_decisions_total',
      help: 'Per-request routing decisions by entity and the store chosen (legacy or cloud)',
      labelNames: ['entity', 'store'],
      registers: [registry],
    }),
    shadowComparisons: new Counter({
      name: 'housing_gateway_shadow_comparisons_total',
      help: 'Shadow reads compared by entity and outcome (match, mismatch, failed)',
      labelNames: ['entity', 'outcome'],
      registers: [registry],
    }),
    shadowMismatches: new Counter({
      name: 'housing_gateway_shadow_mismatches_total',
      help: 'Differences found by shadow reads (one per differing value), by entity',
      labelNames: ['entity'],
      registers: [registry],
    }),
    shadowDropped: new Counter({
      name: 'housing_gateway_shadow_dropped_total',
      help: 'Shadow reads dropped because the shadow queue was full, by entity',
      labelNames: ['entity'],
      registers: [registry],
    }),
    sharedExecutions: new Counter({
      name: 'housing_gateway_shared_executions_total',
      help: 'Queries answered by an identical query already in flight (same document, variables, labels and scopes) instead of executing again',
      registers: [registry],
    }),
    autoRollbacks: new Counter({
      name: 'housing_gateway_auto_rollbacks_total',
      help: 'Automatic guard: entities moved back one step (outcome rolled_back), or that it could not move because cloud writes would be stranded (blocked)',
      labelNames: ['entity', 'outcome'],
      registers: [registry],
    }),
    guardBreaching: new Gauge({
      name: 'housing_gateway_guard_breaching',
      help: "Automatic guard: 1 while an entity's rate (cloudErrorRate, shadowMismatchRate) is over its limit, as this replica last judged",
      labelNames: ['entity', 'rate'],
      registers: [registry],
    }),
  };
}
