import { Counter, Histogram, type Registry } from 'prom-client';

/** SQL requests per store and query name, and their durations: the N+1 alarm in production. */
export function storeMetrics(registry: Registry, store: 'uh' | 'cloud') {
  const requests = new Counter({
    name: 'housing_store_sql_requests_total',
    help: 'SQL statements sent to a store (each statement of a batch counted under its own name), by store, query name and outcome',
    labelNames: ['store', 'query', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'housing_store_sql_request_duration_seconds',
    help: 'Duration of SQL requests to a store',
    labelNames: ['store'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (event: { name: string; statements?: readonly string[]; durationMs: number; ok: boolean }) => {
    for (const name of event.statements ?? [event.name])
      requests.inc({ store, query: name, outcome: event.ok ? 'ok' : 'error' });
    duration.observe({ store }, event.durationMs / 1000);
  };
}
