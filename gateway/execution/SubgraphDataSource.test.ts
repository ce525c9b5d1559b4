import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import { createGatewayMetrics } from '../metrics/createGatewayMetrics';
import type { GatewayContext } from './GatewayContext';
import { SubgraphDataSource } from './SubgraphDataSource';

// Real sockets against a scripted HTTP server: what the gateway does when a subgraph resets a
// connection, hangs, answers garbage, or gets the same query twice at once.
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let handler: Handler;
let url: string;
const received: { body: string; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ body, headers: request.headers });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

const answer = (response: ServerResponse, value: unknown, status = 200) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
};

function source(options: { timeoutMs?: number; secret?: string } = {}) {
  return new SubgraphDataSource({
    name: 'legacy',
    url,
    timeoutMs: options.timeoutMs ?? 2000,
    secret: options.secret,
    metrics: createGatewayMetrics(),
  });
}

function fetch(dataSource: SubgraphDataSource, query: string, variables: Record<string, unknown> = {}) {
  const context: GatewayContext = {
    requestId: 'req-1',
    principal: { subject: null, scopes: new Set(), authenticated: false },
    consumerKey: 'test',
    logger: pino({ level: 'silent' }),
    outcome: {},
  };
  return dataSource.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables },
    incomingRequestContext: {} as GatewayGraphQLRequestContext<GatewayContext>,
    context,
    pathInIncomingRequest: ['property', '@', 'llpgAddress'],
  });
}

async function failure(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail');
}

describe('SubgraphDataSource', () => {
  it('sends the request id and the gateway secret, and returns the subgraph response', async () => {
    handler = (_request, _body, response) => answer(response, { data: { ok: true } });
    const dataSource = source({ secret: 'a-shared-secret-of-enough-length' });
    await expect(fetch(dataSource, '{ ok }')).resolves.toEqual({ data: { ok: true } });
    expect(received[0]?.headers['x-request-id']).toBe('req-1');
    expect(received[0]?.headers['x-housing-gateway-secret']).toBe('a-shared-secret-of-enough-length');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ query: '{ ok }', variables: {} });
    await dataSource.close();
  });

  it('retries a query once when the connection is reset', async () => {
    let calls = 0;
    handler = (request, _body, response) => {
      calls++;
      if (calls === 1) request.socket.destroy();
      else answer(response, { data: { ok: calls } });
    };
    const dataSource = source();
    await expect(fetch(dataSource, 'query Q { ok }')).resolves.toEqual({ data: { ok: 2 } });
    expect(calls).toBe(2);
    await dataSource.close();
  });

  it('never retries a mutation: the first attempt may have been applied', async () => {
    let calls = 0;
    handler = (request) => {
      calls++;
      request.socket.destroy();
    };
    const dataSource = source();
    const error = await failure(fetch(dataSource, 'mutation M { raise }'));
    expect(calls).toBe(1);
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'legacy' });
    expect(error.path).toEqual(['property', 0, 'llpgAddress']);
    await dataSource.close();
  });

  it('gives GATEWAY_TIMEOUT with the service name when the subgraph does not answer in time', async () => {
    handler = () => undefined; // never answers
    const dataSource = source({ timeoutMs: 200 });
    const started = Date.now();
    const error = await failure(fetch(dataSource, '{ slow }'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.extensions).toEqual({ code: 'GATEWAY_TIMEOUT', serviceName: 'legacy' });
    expect(error.message).toBe('subgraph legacy did not answer within 200 ms');
    server.closeAllConnections();
    await dataSource.close();
  });

  it('gives SUBGRAPH_UNAVAILABLE when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dataSource = new SubgraphDataSource({
      name: 'cloud',
      url: `http://127.0.0.1:${port}/graphql`,
      timeoutMs: 1000,
      metrics: createGatewayMetrics(),
    });
    const error = await failure(fetch(dataSource, '{ ok }'));
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'cloud' });
    await expect(dataSource.readiness(1000)).resolves.toBe('unreachable');
    await dataSource.close();
  });

  it('refuses a response that is not GraphQL, and names a secret mismatch', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>bad gateway</html>');
    };
    const dataSource = source();
    const error = await failure(fetch(dataSource, '{ ok }'));
    expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'legacy' });
    expect(error.message).toBe('subgraph legacy answered HTTP 502 without a GraphQL response');
    handler = (_request, _body, response) =>
      answer(response, { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }, 403);
    expect((await failure(fetch(dataSource, '{ ok }'))).message).toMatch(/check SUBGRAPH_SECRET/);
    await dataSource.close();
  });

  it('merges identical queries in flight into one round trip, each caller getting its own copy', async () => {
    const pending: ServerResponse[] = [];
    handler = (_request, _body, response) => pending.push(response);
    const dataSource = source();
    const first = fetch(dataSource, '{ same }', { a: 1 });
    const second = fetch(dataSource, '{ same }', { a: 1 });
    const different = fetch(dataSource, '{ same }', { a: 2 });
    while (pending.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const response of pending) answer(response, { data: { same: [1] } });
    const [a, b, c] = await Promise.all([first, second, different]);
    expect(received).toHaveLength(2);
    expect(a).toEqual({ data: { same: [1] } });
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    expect(c).toEqual(a);
    await dataSource.close();
  });

  it('does not merge mutations', async () => {
    handler = (_request, _body, response) => answer(response, { data: { raise: true } });
    const dataSource = source();
    await Promise.all([fetch(dataSource, 'mutation { raise }'), fetch(dataSource, 'mutation { raise }')]);
    expect(received).toHaveLength(2);
    await dataSource.close();
  });
});
