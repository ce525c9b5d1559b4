import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Pool, errors as undiciErrors } from 'undici';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode, type SelectionNode } from 'graphql';
import { GATEWAY_SECRET_HEADER } from '../../core/gatewaySecretHeader';
import { gatewayError } from '../errors/gatewayErrors';
import type { GatewayMetrics } from '../metrics/createGatewayMetrics';
import type { GatewayContext } from './GatewayContext';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  /** The subgraph's GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql. */
  readonly url: string;
  /** Whole-exchange limit for one fetch (GATEWAY_TIMEOUT). */
  readonly timeoutMs: number;
  /** Sent as x-housing-gateway-secret so the subgraph knows the call is ours. */
  readonly secret?: string;
  readonly metrics: GatewayMetrics;
  /** Keep-alive connections per subgraph. */
  readonly connections?: number;
}

interface RawResponse {
  readonly status: number;
  readonly text: string;
}

/** Connection-level failures after which a query may be sent again on a fresh connection. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * One subgraph, over a keep-alive undici pool. Per fetch: a timeout for the whole exchange, the request
 * id and the gateway secret as headers, and one retry on a connection reset for queries only (a mutation
 * may have been applied before the connection dropped; never send it twice). Identical query fetches in
 * flight at the same moment share one round trip (each caller parses its own copy: the executor mutates
 * what it receives). Failures become errors carrying serviceName, a registry code and the response path,
 * so the executor returns the other subgraph's data beside them (partial results).
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly name: string;
  readonly url: URL;
  private readonly pool: Pool;
  private readonly inFlight = new Map<string, Promise<RawResponse>>();
  private readonly headers: Record<string, string>;

  constructor(private readonly options: SubgraphDataSourceOptions) {
    this.name = options.name;
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:')
      throw new Error(`subgraph ${options.name}: expected an http(s) URL, got ${options.url}`);
    this.pool = new Pool(this.url.origin, {
      connections: options.connections ?? 64,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(options.secret === undefined ? {} : { [GATEWAY_SECRET_HEADER]: options.secret }),
    };
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const query = request.query ?? '';
    const isMutation = /^\s*mutation\b/.test(query);
    const body = JSON.stringify({
      query,
      variables: request.variables,
      operationName: request.operationName,
    });
    const path = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined;
    const responsePath = path?.map((element) => (element === '@' ? 0 : element));
    const requestId = options.context.requestId as string | undefined;
    const started = performance.now();
    let raw: RawResponse;
    try {
      if (isMutation) {
        raw = await this.send(body, requestId);
      } else {
        const shared = this.inFlight.get(body);
        if (shared !== undefined) {
          this.options.metrics.subgraphFetches.inc({ subgraph: this.name, outcome: 'merged' });
          raw = await shared;
        } else {
          const sending = this.sendQuery(body, requestId);
          this.inFlight.set(body, sending);
          try {
            raw = await sending;
          } finally {
            this.inFlight.delete(body);
          }
        }
      }
    } catch (error) {
      const failure = this.classify(error);
      this.options.metrics.subgraphFetches.inc({ subgraph: this.name, outcome: failure.outcome });
      // A fetch at the root has no path of its own: blame each root field it would have served, as a
      // subgraph's own error would be (the executor puts these paths under the fetch's, which is []).
      const rootFields =
        responsePath === undefined || responsePath.length === 0 ? rootFieldNames(options) : [];
      if (rootFields.length > 0) {
        return {
          errors: rootFields.map((field) => ({
            message: failure.message,
            path: [field],
            extensions: { code: failure.code },
          })),
        };
      }
      throw gatewayError(failure.code, failure.message, {
        path: responsePath,
        extensions: { serviceName: this.name },
      });
    } finally {
      this.options.metrics.subgraphFetchDuration.observe(
        { subgraph: this.name },
        (performance.now() - started) / 1000,
      );
    }
    return this.parse(raw, responsePath);
  }

  /**
   * GET /readyz on the subgraph: 'ready' (it and its store answer), 'not ready' (it answers, its store does
   * not), or 'unreachable' (no answer within `timeoutMs`). A subgraph bounds its own /readyz to under a
   * second, so a hung store reads as 'not ready' rather than holding the gateway's probe.
   */
  async readiness(timeoutMs: number): Promise<'ready' | 'not ready' | 'unreachable'> {
    try {
      const response = await this.pool.request({
        method: 'GET',
        path: '/readyz',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      return response.statusCode === 200 ? 'ready' : 'not ready';
    } catch {
      return 'unreachable';
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async sendQuery(body: string, requestId: string | undefined): Promise<RawResponse> {
    try {
      return await this.send(body, requestId);
    } catch (error) {
      if (!isReset(error)) throw error;
      return this.send(body, requestId);
    }
  }

  private async send(body: string, requestId: string | undefined): Promise<RawResponse> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: this.url.pathname + this.url.search,
        headers: requestId === undefined ? this.headers : { ...this.headers, 'x-request-id': requestId },
        body,
        signal,
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      // undici reports an abort in its own words; the signal says whether it was our deadline.
      if (signal.aborted) throw new SubgraphTimeoutError({ cause: error });
      throw error;
    }
  }

  private parse(raw: RawResponse, path: (string | number)[] | undefined): GatewayGraphQLResponse {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.text);
    } catch {
      parsed = undefined;
    }
    const isGraphQL =
      typeof parsed === 'object' && parsed !== null && ('data' in parsed || 'errors' in parsed);
    if (raw.status === 403 || raw.status === 401) {
      this.options.metrics.subgraphFetches.inc({ subgraph: this.name, outcome: 'error' });
      throw gatewayError(
        'DOWNSTREAM_SERVICE_ERROR',
        `subgraph ${this.name} refused the gateway's call (HTTP ${raw.status}); check SUBGRAPH_SECRET`,
        { path, extensions: { serviceName: this.name } },
      );
    }
    if (!isGraphQL) {
      this.options.metrics.subgraphFetches.inc({ subgraph: this.name, outcome: 'error' });
      throw gatewayError(
        'DOWNSTREAM_SERVICE_ERROR',
        `subgraph ${this.name} answered HTTP ${raw.status} without a GraphQL response`,
        { path, extensions: { serviceName: this.name } },
      );
    }
    const response = parsed as GatewayGraphQLResponse;
    this.options.metrics.subgraphFetches.inc({
      subgraph: this.name,
      outcome: response.errors === undefined ? 'ok' : 'error',
    });
    return response;
  }

  private classify(error: unknown): {
    code: 'GATEWAY_TIMEOUT' | 'SUBGRAPH_UNAVAILABLE';
    outcome: string;
    message: string;
  } {
    if (error instanceof SubgraphTimeoutError || error instanceof undiciErrors.HeadersTimeoutError)
      return {
        code: 'GATEWAY_TIMEOUT',
        outcome: 'timeout',
        message: `subgraph ${this.name} did not answer within ${this.options.timeoutMs} ms`,
      };
    return {
      code: 'SUBGRAPH_UNAVAILABLE',
      outcome: 'unavailable',
      message: `subgraph ${this.name} could not be reached`,
    };
  }
}

class SubgraphTimeoutError extends Error {
  constructor(options: { cause: unknown }) {
    super('subgraph fetch deadline passed', options);
  }
}

/** The response names of a fetch's root fields (aliases as given), inline fragments included. */
function rootFieldNames(options: GraphQLDataSourceProcessOptions<GatewayContext>): string[] {
  const document = 'document' in options && options.document !== undefined ? options.document : undefined;
  let parsed: DocumentNode;
  try {
    parsed = document ?? parse(options.request.query ?? '');
  } catch {
    return [];
  }
  const operation = parsed.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const names: string[] = [];
  const collect = (selections: readonly SelectionNode[]): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.alias?.value ?? selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet.selections);
    }
  };
  collect(operation?.selectionSet.selections ?? []);
  return [...new Set(names)].filter((name) => name !== '__typename');
}

function isReset(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RESET_CODES.has(code);
}
