import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson, replayKey } from './replayKey';
import {
  requestKey,
  startReplaySubgraphs,
  type ReplaySubgraphs,
  type ReplayStats,
} from './startReplaySubgraphs';

describe('replayKey', () => {
  it('is the query text and the variables with keys sorted at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"e":"x","f":null}]},"b":1}',
    );
    expect(replayKey('query Q { a }', { y: 2, x: 1 })).toBe(replayKey('query Q { a }', { x: 1, y: 2 }));
  });

  it('tells apart what a gateway really sends differently', () => {
    const key = replayKey('{ a }', { list: [1, 2] });
    expect(replayKey('{ a }', { list: [2, 1] })).not.toBe(key);
    expect(replayKey('{ a  }', { list: [1, 2] })).not.toBe(key);
    expect(replayKey('{ a }', { list: [1, 2], more: 0 })).not.toBe(key);
  });

  it('treats absent and empty variables alike, and ignores operationName and extensions', () => {
    const body = (value: unknown) => Buffer.from(JSON.stringify(value));
    expect(requestKey(body({ query: '{ a }' }))).toBe(requestKey(body({ query: '{ a }', variables: {} })));
    expect(requestKey(body({ query: '{ a }', operationName: 'A', extensions: { x: 1 } }))).toBe(
      requestKey(body({ query: '{ a }' })),
    );
  });

  it('refuses a body without a query', () => {
    expect(() => requestKey(Buffer.from('{"variables":{}}'))).toThrow(
      'expected a GraphQL request with a "query" string',
    );
  });
});

describe('startReplaySubgraphs', () => {
  let upstream: Server;
  let upstreamUrl: string;
  const upstreamCalls: { secret: string | undefined; body: string }[] = [];
  let replay: ReplaySubgraphs;

  beforeAll(async () => {
    // A subgraph that answers with a counter, so a replayed answer is told apart from a fresh one.
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        upstreamCalls.push({
          secret: request.headers['x-housing-gateway-secret'] as string | undefined,
          body,
        });
        response.writeHead(200, { 'content-type': 'application/graphql-response+json' });
        response.end(JSON.stringify({ data: { call: upstreamCalls.length } }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/graphql`;
    replay = await startReplaySubgraphs({ upstreams: { legacy: upstreamUrl, cloud: upstreamUrl } });
  });

  afterAll(async () => {
    await replay.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const post = async (subgraph: string, body: unknown) => {
    const response = await fetch(replay.urls[subgraph] ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-housing-gateway-secret': 's3cret-s3cret-s3cret' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      json: await response.json(),
    };
  };
  const control = async (mode?: 'record' | 'replay'): Promise<ReplayStats> => {
    const response = await fetch(`${replay.controlUrl}/${mode ? 'mode' : 'stats'}`, {
      method: mode ? 'POST' : 'GET',
      body: mode ? JSON.stringify({ mode }) : undefined,
    });
    return (await response.json()) as ReplayStats;
  };

  it('records through the real subgraph, then answers the same request from memory and refuses others', async () => {
    await control('record');
    const first = await post('legacy', { query: 'query ($r: String) { p(r: $r) }', variables: { r: '1' } });
    expect(first).toEqual({
      status: 200,
      type: 'application/graphql-response+json',
      json: { data: { call: 1 } },
    });
    expect(upstreamCalls).toEqual([
      {
        secret: 's3cret-s3cret-s3cret',
        body: JSON.stringify({ query: 'query ($r: String) { p(r: $r) }', variables: { r: '1' } }),
      },
    ]);

    await control('replay');
    const again = await post('legacy', {
      query: 'query ($r: String) { p(r: $r) }',
      variables: { r: '1' },
      operationName: null,
    });
    expect(again.json).toEqual({ data: { call: 1 } });
    // Same request to the other subgraph: recordings are per subgraph.
    const otherSubgraph = await post('cloud', {
      query: 'query ($r: String) { p(r: $r) }',
      variables: { r: '1' },
    });
    const otherVariables = await post('legacy', {
      query: 'query ($r: String) { p(r: $r) }',
      variables: { r: '2' },
    });
    expect(otherSubgraph.status).toBe(500);
    expect(otherVariables).toEqual({
      status: 500,
      type: 'application/json',
      json: {
        errors: [
          {
            message: 'replay subgraph legacy: no recorded response for this request',
            extensions: { code: 'REPLAY_MISS' },
          },
        ],
      },
    });
    expect(upstreamCalls).toHaveLength(1);
    const stats = await control();
    expect(stats).toMatchObject({ mode: 'replay', recorded: 1, hits: 1, misses: 2 });
    expect(stats.missSamples[1]).toBe(`legacy\nquery ($r: String) { p(r: $r) }\n{"r":"2"}`);
  });

  it('answers health checks as a subgraph does, and only POST /graphql otherwise', async () => {
    const base = new URL(replay.urls.cloud ?? '').origin;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const other = await fetch(`${base}/metrics`);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({
      errors: [
        {
          message: 'replay subgraph cloud: expected POST /graphql, GET /healthz or /readyz',
          extensions: { code: 'REPLAY_FAILED' },
        },
      ],
    });
  });

  it('says what the control server expects', async () => {
    const response = await fetch(`${replay.controlUrl}/mode`, { method: 'POST', body: '{"mode":"fast"}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'expected {"mode":"record"|"replay"}, got {"mode":"fast"}',
          extensions: { code: 'REPLAY_FAILED' },
        },
      ],
    });
  });
});
