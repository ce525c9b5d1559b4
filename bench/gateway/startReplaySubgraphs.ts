import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { replayKey } from './replayKey';

/**
 * One small HTTP server per subgraph that answers subgraph requests from responses held in memory, so a
 * gateway under load is measured without the subgraphs' own cost. In `record` mode a request not yet
 * recorded is forwarded to the real subgraph and its answer kept under replayKey(query, variables); in
 * `replay` mode an unknown request gets a 500 naming the miss, so a gateway that sends something else
 * than it did while recording shows errors in the table rather than fast wrong answers.
 * A control server switches the mode and reports counts (the servers run in a worker thread).
 */
export type ReplayMode = 'record' | 'replay';

export interface ReplaySubgraphsOptions {
  /** Subgraph name -> the real subgraph's GraphQL URL (forwarded to while recording). */
  readonly upstreams: Readonly<Record<string, string>>;
}

export interface ReplayStats {
  readonly mode: ReplayMode;
  readonly recorded: number;
  readonly hits: number;
  readonly misses: number;
  /** The first unmatched requests (subgraph and start of the key), to say what did not match. */
  readonly missSamples: readonly string[];
}

export interface ReplaySubgraphs {
  /** Subgraph name -> the replay server's GraphQL URL. */
  readonly urls: Readonly<Record<string, string>>;
  /** POST {"mode":"record"|"replay"} to /mode; GET /stats for ReplayStats. */
  readonly controlUrl: string;
  close(): Promise<void>;
}

interface Recorded {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** Headers passed on to the real subgraph while recording (the rest are hop-by-hop or irrelevant). */
const FORWARDED_HEADERS = ['content-type', 'accept', 'authorization', 'x-housing-gateway-secret'];
const MAX_MISS_SAMPLES = 5;

export async function startReplaySubgraphs(options: ReplaySubgraphsOptions): Promise<ReplaySubgraphs> {
  const names = Object.keys(options.upstreams);
  if (names.length === 0) throw new Error('startReplaySubgraphs: expected at least one upstream subgraph');
  const recorded = new Map<string, Recorded>();
  let mode: ReplayMode = 'record';
  let hits = 0;
  let misses = 0;
  const missSamples: string[] = [];
  const servers: Server[] = [];
  const urls: Record<string, string> = {};

  for (const name of names) {
    const upstream = options.upstreams[name] ?? '';
    const server = createServer((request, response) => {
      readBody(request)
        .then(async (body) => {
          // A gateway's readiness asks whether its subgraphs are up, as it would of a real subgraph.
          if (request.method === 'GET' && (request.url === '/healthz' || request.url === '/readyz'))
            return send(response, {
              status: 200,
              contentType: 'application/json',
              body: Buffer.from('{"status":"ok"}'),
            });
          if (request.method !== 'POST' || request.url !== '/graphql')
            return sendError(
              response,
              404,
              `replay subgraph ${name}: expected POST /graphql, GET /healthz or /readyz`,
            );
          const key = `${name}\n${requestKey(body)}`;
          const found = recorded.get(key);
          if (found) {
            hits++;
            return send(response, found);
          }
          if (mode === 'replay') {
            misses++;
            if (missSamples.length < MAX_MISS_SAMPLES) missSamples.push(key.slice(0, 400));
            return sendError(
              response,
              500,
              `replay subgraph ${name}: no recorded response for this request`,
              'REPLAY_MISS',
            );
          }
          const answer = await forward(upstream, request, body);
          if (answer.status === 200) recorded.set(key, answer);
          return send(response, answer);
        })
        .catch((error: unknown) =>
          sendError(
            response,
            500,
            `replay subgraph ${name}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    });
    servers.push(server);
    urls[name] = `http://127.0.0.1:${await listen(server)}/graphql`;
  }

  const control = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        if (request.method === 'POST' && request.url === '/mode') {
          const wanted = (JSON.parse(body.toString('utf8')) as { mode?: unknown }).mode;
          if (wanted !== 'record' && wanted !== 'replay')
            return sendError(
              response,
              400,
              `expected {"mode":"record"|"replay"}, got ${body.toString('utf8')}`,
            );
          mode = wanted;
          hits = 0;
          misses = 0;
          missSamples.length = 0;
        } else if (request.url !== '/stats') {
          return sendError(response, 404, 'expected POST /mode or GET /stats');
        }
        const stats: ReplayStats = { mode, recorded: recorded.size, hits, misses, missSamples };
        return send(response, {
          status: 200,
          contentType: 'application/json',
          body: Buffer.from(JSON.stringify(stats)),
        });
      })
      .catch((error: unknown) =>
        sendError(response, 400, error instanceof Error ? error.message : String(error)),
      );
  });
  servers.push(control);
  const controlUrl = `http://127.0.0.1:${await listen(control)}`;

  return {
    urls,
    controlUrl,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

/** The key of a GraphQL-over-HTTP POST body (a single operation or a batch). */
export function requestKey(body: Buffer): string {
  const parsed = JSON.parse(body.toString('utf8')) as unknown;
  const operations = Array.isArray(parsed) ? parsed : [parsed];
  return operations
    .map((operation: unknown) => {
      const { query, variables } = (operation ?? {}) as { query?: unknown; variables?: unknown };
      if (typeof query !== 'string') throw new Error('expected a GraphQL request with a "query" string');
      return replayKey(query, variables);
    })
    .join('\n--\n');
}

async function forward(upstream: string, request: IncomingMessage, body: Buffer): Promise<Recorded> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(upstream, { method: 'POST', headers, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/json',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  switch (request.headers['content-encoding']) {
    case undefined:
    case 'identity':
      return raw;
    case 'gzip':
      return gunzipSync(raw);
    case 'deflate':
      return inflateSync(raw);
    case 'br':
      return brotliDecompressSync(raw);
    default:
      throw new Error(`unsupported content-encoding ${String(request.headers['content-encoding'])}`);
  }
}

function send(response: ServerResponse, answer: Recorded): void {
  response.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': answer.body.length,
  });
  response.end(answer.body);
}

/** Errors in GraphQL's shape, so a gateway passes them on and the bench counts them. */
function sendError(response: ServerResponse, status: number, message: string, code = 'REPLAY_FAILED'): void {
  send(response, {
    status,
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify({ errors: [{ message, extensions: { code } }] })),
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
