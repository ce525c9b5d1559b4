import type { ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendJson } from './httpBody';

export interface OperationalEndpoints {
  /**
   * What /readyz reports: 200 when ready, 503 otherwise, with the detail either way. Checks should bound
   * themselves by READY_CHECK_MS (a store that hangs must read as not ready, not hang the probe); /readyz
   * answers 503 at READY_DEADLINE_MS regardless.
   */
  readonly ready: () => Promise<{ ready: boolean; detail: Record<string, unknown> }>;
  readonly metrics: Registry;
}

/** How long a readiness check may wait for a store or a subgraph. */
export const READY_CHECK_MS = 700;
/** /readyz answers within this, whatever its checks are waiting for: load balancers probe with ~1 s timeouts. */
export const READY_DEADLINE_MS = 900;

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
      const { ready, detail } = await withinDeadline(endpoints.ready());
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

async function withinDeadline(
  check: Promise<{ ready: boolean; detail: Record<string, unknown> }>,
): Promise<{ ready: boolean; detail: Record<string, unknown> }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ready: boolean; detail: Record<string, unknown> }>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, detail: { checks: `no answer within ${READY_DEADLINE_MS} ms` } }),
      READY_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([
      check.catch((error: unknown) => ({
        ready: false,
        detail: { checks: `failed: ${error instanceof Error ? error.message : String(error)}` },
      })),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
