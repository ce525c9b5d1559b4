import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { ClientDisconnectedError, headerMap, readBody, sendJson } from '../../core/httpBody';
import { serveOperationalEndpoints } from '../../core/serveOperationalEndpoints';
import type { GatewayContext } from '../execution/GatewayContext';
import type { GatewayMetrics } from '../metrics/createGatewayMetrics';
import { requestId as requestIdOf } from '../../core/requestId';

export interface GatewayHttpOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  /** Builds the per-request context (authenticates; throws UNAUTHENTICATED for a bad token). */
  readonly context: (request: IncomingMessage, requestId: string) => Promise<GatewayContext>;
  readonly ready: () => Promise<{ ready: boolean; detail: Record<string, unknown> }>;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** The explorer's routes (GET / and /explorer/...); false when a path is not its. */
  readonly explorer?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** /admin (the migration dashboard) and /admin/api/ (its JSON API); false when a path is not its. */
  readonly admin?: (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    requestId: string,
  ) => Promise<boolean>;
  readonly port: number;
  readonly host: string;
  readonly maxBodyBytes: number;
}

export interface RunningGatewayHttp {
  readonly port: number;
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The gateway's HTTP face: /graphql (Apollo Server), /healthz (process up), /readyz (supergraph loaded,
 * subgraphs reachable, phases loaded), /metrics, the explorer and /admin (the migration dashboard and
 * its API). Every response carries x-request-id,
 * the id the gateway logs and passes to the subgraphs. Bodies over the limit get 413 before parsing.
 */
export async function serveGateway(options: GatewayHttpOptions): Promise<RunningGatewayHttp> {
  const { metrics, logger } = options;
  const server = createServer((request, response) => {
    const id = requestIdOf(request.headers['x-request-id']);
    response.setHeader('x-request-id', id);
    handle(request, response, id).catch((error: unknown) => {
      if (error instanceof ClientDisconnectedError) {
        // Nobody to answer, and nothing wrong with the gateway: a client's choice, at debug.
        logger.debug({ requestId: id }, 'client went away before its request was read');
        return;
      }
      logger.error({ err: error, requestId: id }, 'request failed outside GraphQL');
      if (!response.headersSent)
        sendJson(response, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (
      await serveOperationalEndpoints(url.pathname, response, {
        ready: options.ready,
        metrics: metrics.registry,
      })
    )
      return;
    switch (url.pathname) {
      case '/graphql':
        return graphql(request, response, url, id);
      default:
        if (options.explorer?.(request, response) === true) return;
        if (
          (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) &&
          (await options.admin?.(request, response, url, id)) === true
        )
          return;
        return sendJson(response, 404, {
          error: `no route ${url.pathname}; expected /graphql, /explorer, /admin, /healthz, /readyz or /metrics`,
        });
    }
  }

  async function graphql(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    id: string,
  ): Promise<void> {
    const started = performance.now();
    const body = await readBody(request, options.maxBodyBytes);
    if (body === 'too large') {
      metrics.errors.inc({ code: 'BAD_REQUEST' });
      return sendJson(response, 413, {
        errors: [
          {
            message: `request body over the limit of ${options.maxBodyBytes} bytes`,
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    }
    let parsed: unknown = undefined;
    if (body.text.length > 0) {
      try {
        parsed = JSON.parse(body.text);
      } catch {
        metrics.errors.inc({ code: 'BAD_REQUEST' });
        return sendJson(response, 400, {
          errors: [
            {
              message: 'request body is not valid JSON; expected {"query": "...", "variables": {...}}',
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        });
      }
    }
    let context: GatewayContext | undefined;
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: request.method ?? 'GET',
        headers: headerMap(request),
        search: url.search,
        body: parsed,
      },
      context: async () => (context = await options.context(request, id)),
    });
    const headers: Record<string, string> = {};
    for (const [key, value] of result.headers) headers[key] = value;
    const status = result.status ?? 200;
    response.writeHead(status, headers);
    if (result.body.kind === 'complete') {
      // Counted before the last byte leaves, so a client that reads /metrics next sees its request.
      record(context?.outcome, started, id, status);
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      record(context?.outcome, started, id, status);
      response.end();
    }
  }

  function record(
    outcome: GatewayContext['outcome'] | undefined,
    started: number,
    id: string,
    status: number,
  ): void {
    const ms = performance.now() - started;
    const operationType = outcome?.operationType ?? 'unknown';
    metrics.requests.inc({ operation_type: operationType });
    metrics.requestDuration.observe({ operation_type: operationType }, ms / 1000);
    if (logger.isLevelEnabled('info'))
      logger.info(
        {
          requestId: id,
          status,
          operationType,
          operationName: outcome?.operationName ?? null,
          ms: Math.round(ms * 10) / 10,
        },
        'graphql request',
      );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `the gateway cannot listen on ${options.host}:${options.port}: the port is in use; choose another with --port or PORT (0 = any free port)`,
              { cause: error },
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host}:${port}/graphql`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
