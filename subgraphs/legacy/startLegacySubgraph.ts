import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import type { Logger } from '../../core/createLogger';
import { UhStore } from '../../stores/uh/UhStore';
import { createLegacySubgraph } from './createLegacySubgraph';
import type { RunningSubgraph } from '../common/serveSubgraph';
import { startSubgraphServer } from '../common/startSubgraphServer';
import { storeMetrics } from '../common/storeMetrics';
import { READY_CHECK_MS } from '../../core/serveOperationalEndpoints';

export interface LegacySubgraphConfig {
  readonly uh: MssqlConnectionConfig;
  readonly port: number;
  readonly host?: string;
  /** End-to-end limit for one UH request (default 5 s). */
  readonly uhTimeoutMs?: number;
  readonly logger?: Logger;
  readonly today?: () => string;
  /** See LegacySubgraphOptions.lookahead (default on). */
  readonly lookahead?: boolean;
  /** Only requests carrying it (header x-housing-gateway-secret) reach /graphql; see serveSubgraph. */
  readonly gatewaySecret?: string;
}

export interface RunningLegacySubgraph extends RunningSubgraph {
  readonly store: UhStore;
  readonly metrics: Registry;
}

/** The legacy subgraph on HTTP: /graphql, /healthz, /readyz (UH answers within READY_CHECK_MS), /metrics. */
export async function startLegacySubgraph(config: LegacySubgraphConfig): Promise<RunningLegacySubgraph> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const store = new UhStore({
    connection: config.uh,
    timeoutMs: config.uhTimeoutMs,
    onQuery: storeMetrics(metrics, 'uh'),
  });
  // UH sits behind a VPN: every round trip costs its latency, so this is the number to watch per operation.
  const roundTrips = new Histogram({
    name: 'housing_legacy_uh_round_trips',
    help: 'Round trips to UH per GraphQL operation served by the legacy subgraph (requests each waiting for its answer), by operation type',
    labelNames: ['type'] as const,
    buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    registers: [metrics],
  });
  const { apollo, context } = createLegacySubgraph({
    store,
    today: config.today,
    lookahead: config.lookahead,
    onOperation: (event) => roundTrips.observe({ type: event.type }, event.roundTrips),
    reportError: (error) => config.logger?.error({ err: error }, 'masked error'),
  });
  const running = await startSubgraphServer({
    apollo,
    store,
    context,
    metrics,
    port: config.port,
    host: config.host,
    gatewaySecret: config.gatewaySecret,
    ready: async () => {
      const uh = await store.ping(READY_CHECK_MS);
      return { ready: uh, detail: { uh: uh ? 'reachable' : `no answer within ${READY_CHECK_MS} ms` } };
    },
  });
  return { ...running, store, metrics };
}
