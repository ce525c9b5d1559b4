import type { ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendJson } from './httpBody';

export interface OperationalEndpoints {
  /** What /readyz reports: 200 when ready, 503 otherwise, with the detail either way. */
  readonly ready: () => Promise<{ ready: boolean; detail: Record<string, unknown> }>;
  readonly metrics: Registry;
}

/**
 * /healthz (the process answers), /readyz and /metrics, the same on every service. Returns false for any
 * other path, which the caller then routes.
 */
export async function serveOperationalEndpoints(
  pathname: string,
  response: ServerResponse,
  endpoints: OperationalEndpoints,
): Promise<boolean> {
  switch (pathname) {
    case '/healthz':
      sendJson(response, 200, { status: 'ok' });
      return true;
    case '/readyz': {
      const { ready, detail } = await endpoints.ready();
      sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...detail });
      return true;
    }
    case '/metrics':
      response.writeHead(200, { 'content-type': endpoints.metrics.contentType });
      response.end(await endpoints.metrics.metrics());
      return true;
    default:
      return false;
  }
}
