import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../core/createLogger';
import { PgStore } from '../../stores/cloud/PgStore';
import { createCloudSubgraph } from './createCloudSubgraph';
import type { RunningSubgraph } from '../common/serveSubgraph';
import { startSubgraphServer } from '../common/startSubgraphServer';
import { storeMetrics } from '../common/storeMetrics';
import { READY_CHECK_MS } from '../../core/serveOperationalEndpoints';

export interface CloudSubgraphConfig {
  readonly databaseUrl: string;
  readonly port: number;
  readonly host?: string;
  /** Limit for one statement and for getting a connection (default 5 s). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  readonly today?: () => string;
  /** Only requests carrying it (header x-housing-gateway-secret) reach /graphql; see serveSubgraph. */
  readonly gatewaySecret?: string;
}

export interface RunningCloudSubgraph extends RunningSubgraph {
  readonly store: PgStore;
  readonly metrics: Registry;
}

/** The cloud subgraph on HTTP: /graphql, /healthz, /readyz (PostgreSQL answers within READY_CHECK_MS), /metrics. */
export async function startCloudSubgraph(config: CloudSubgraphConfig): Promise<RunningCloudSubgraph> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const observe = storeMetrics(metrics, 'cloud');
  const store = new PgStore({
    // Named after the first table the statement reads: bounded, and says what the request was for.
    onQuery: (event) =>
      observe({
        name: /\b(?:FROM|INTO|UPDATE)\s+([a-z_]+\.[a-z_]+)/i.exec(event.text)?.[1] ?? 'other',
        durationMs: event.durationMs,
        ok: event.ok,
      }),
    connectionString: config.databaseUrl,
    applicationName: 'housing-graph cloud subgraph',
    timeoutMs: config.timeoutMs ?? 5000,
    onIdleError: (error) => config.logger?.warn({ err: error }, 'idle PostgreSQL connection failed'),
  });
  const { apollo, context } = createCloudSubgraph({
    store,
    today: config.today,
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
      const ok = await store.ping(READY_CHECK_MS);
      return { ready: ok, detail: { postgres: ok ? 'reachable' : `no answer within ${READY_CHECK_MS} ms` } };
    },
  });
  return { ...running, store, metrics };
}
