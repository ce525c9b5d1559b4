import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { headerMap, readBody, sendJson } from '../../core/httpBody';
import { serveOperationalEndpoints } from '../../core/serveOperationalEndpoints';
import { requestId as requestIdOf } from '../../core/requestId';
import { requestIds } from '../../core/requestIdStorage';
import type { Registry } from 'prom-client';
import { GATEWAY_SECRET_HEADER } from '../../core/gatewaySecretHeader';

/**
 * The HTTP face of a subgraph: POST/GET /graphql to Apollo Server, /healthz (the process answers),
 * /readyz (its store answers), /metrics (Prometheus). Request bodies are capped; anything else is 404.
 */
export interface SubgraphHttpOptions<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  readonly context: (request: IncomingMessage) => Promise<C>;
  readonly ready: () => Promise<{ ready: boolean; detail: Record<string, unknown> }>;
  readonly metrics: Registry;
  readonly port: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  /**
   * When set, /graphql answers only requests carrying it in the x-housing-gateway-secret header (the gateway
   * sends it): clients must go through the gateway, which enforces tokens and field scopes. The health and
   * metrics endpoints stay open for load balancers and Prometheus.
   */
  readonly gatewaySecret?: string;
}

export interface RunningSubgraph {
  readonly port: number;
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function serveSubgraph<C extends BaseContext>(
  options: SubgraphHttpOptions<C>,
): Promise<RunningSubgraph> {
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const secret = options.gatewaySecret === undefined ? undefined : Buffer.from(options.gatewaySecret, 'utf8');
  const server = createServer((request, response) => {
    // The gateway's request id (or a new one) for every log line written while serving this request.
    const id = requestIdOf(request.headers['x-request-id']);
    response.setHeader('x-request-id', id);
    requestIds
      .run(id, () => handle(request, response))
      .catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.destroy(error instanceof Error ? error : undefined);
      });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://subgraph');
    if (await serveOperationalEndpoints(url.pathname, response, options)) return;
    switch (url.pathname) {
      case '/graphql':
        if (secret !== undefined && !carriesSecret(request, secret)) {
          // Drain the body so a keep-alive connection stays usable for the next request.
          request.resume();
          return sendJson(response, 403, {
            errors: [
              {
                message: `this subgraph accepts calls only from the gateway (header ${GATEWAY_SECRET_HEADER})`,
                extensions: { code: 'FORBIDDEN' },
              },
            ],
          });
        }
        return graphql(request, response, url);
      default:
        return sendJson(response, 404, {
          error: `no route ${url.pathname}; expected /graphql, /healthz, /readyz or /metrics`,
        });
    }
  }

  async function graphql(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(request, maxBody);
    if (body === 'too large')
      return sendJson(response, 413, {
        errors: [{ message: `request body over ${maxBody} bytes`, extensions: { code: 'BAD_REQUEST' } }],
      });
    const headers = headerMap(request);
    let parsed: unknown = undefined;
    if (body.text.length > 0) {
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return sendJson(response, 400, {
          errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body: parsed },
      context: () => options.context(request),
    });
    const responseHeaders: Record<string, string> = {};
    for (const [key, value] of result.headers) responseHeaders[key] = value;
    response.writeHead(result.status ?? 200, responseHeaders);
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function carriesSecret(request: IncomingMessage, secret: Buffer): boolean {
  const header = request.headers[GATEWAY_SECRET_HEADER];
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header, 'utf8');
  // timingSafeEqual needs equal lengths; comparing lengths first only reveals the secret's length.
  return given.length === secret.length && timingSafeEqual(given, secret);
}
