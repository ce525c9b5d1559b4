/**
 * One closed-loop load with autocannon (HTTP/1.1 keep-alive, pipelining 1, in this process): `concurrency`
 * connections POST the bodies in turn for `seconds`. A response counts as an error when its status is not
 * 200 or its body carries GraphQL `errors` — a gateway answering errors fast must not look fast.
 */
export interface LoadOptions {
  readonly url: string;
  readonly seconds: number;
  readonly concurrency: number;
  /** Header sets sent in turn (e.g. one bearer token per consumer), independently of the bodies. */
  readonly headerSets: readonly Readonly<Record<string, string>>[];
  /** Bodies sent in turn. */
  readonly bodies: readonly string[];
}

export interface LoadResult {
  readonly requests: number;
  /** How long the load ran. */
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Non-200 responses, responses with `errors`, and connection errors or timeouts. */
  readonly errors: number;
  /** The first error body seen, to say what went wrong. */
  readonly sampleError: string | undefined;
}

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  onResponse?: (status: number, body: string) => void;
}

interface AutocannonResult {
  duration: number;
  latency: { p50: number; p99: number };
  requests: { total: number };
  errors: number;
  timeouts: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  timeout: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types; the shapes above are the parts of its programmatic API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  const { bodies } = options;
  if (bodies.length === 0) throw new Error('measureLoad: expected at least one request body');
  const headerSets = options.headerSets.map((headers) => ({
    'content-type': 'application/json',
    ...headers,
  }));
  if (headerSets.length === 0) throw new Error('measureLoad: expected at least one header set');
  const target = new URL(options.url);
  let bad = 0;
  let sampleError: string | undefined;
  let nextBody = 0;
  let nextHeaders = 0;
  const request: AutocannonRequest = {
    method: 'POST',
    path: target.pathname,
    headers: headerSets[0] ?? {},
    body: bodies[0],
    onResponse: (status, body) => {
      // A GraphQL error list is the top-level "errors" key; data never holds that exact key here.
      if (status !== 200 || body.includes('"errors":')) {
        bad++;
        sampleError ??= `${status} ${body.slice(0, 500)}`;
      }
    },
  };
  if (bodies.length > 1 || headerSets.length > 1) {
    // One counter over all connections: requests in flight at the same time carry different variables.
    request.setupRequest = (built) => ({
      ...built,
      headers: headerSets[nextHeaders++ % headerSets.length] ?? built.headers,
      body: bodies[nextBody++ % bodies.length],
    });
  }
  const result = await autocannon({
    url: target.origin,
    connections: options.concurrency,
    pipelining: 1,
    duration: options.seconds,
    timeout: 10,
    requests: [request],
  });
  const requests = result.requests.total;
  return {
    requests,
    seconds: result.duration,
    perSecond: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon counts timeouts among its connection errors.
    errors: bad + result.errors,
    sampleError,
  };
}
