import pg from 'pg';
import { CloudStoreUnavailableError, isUnavailable } from './cloudStoreErrors';

/**
 * The one owner of a PostgreSQL pool: created once per process (per database), errors handled,
 * closed on shutdown. Everything else borrows connections through query/withClient/withTransaction,
 * which always release them (try/finally) and never send BEGIN/COMMIT through whatever connection
 * the pool happens to hand out.
 */
export type PgClient = pg.PoolClient;
export type QueryResultRow = pg.QueryResultRow;

export interface PgStoreOptions {
  readonly connectionString: string;
  readonly max?: number;
  readonly applicationName?: string;
  /** Called for errors on idle clients (e.g. the server restarted); the pool drops the client itself. */
  readonly onIdleError?: (error: Error) => void;
  /**
   * Limit for one statement and for getting a connection: the server's statement_timeout, and the client's
   * own query_timeout, which is what notices a server that hangs (stopped, or its host gone without a
   * reset) and so can enforce nothing itself. Without it only the connection is bounded (10 s): long jobs.
   */
  readonly timeoutMs?: number;
  /** Observes every query() (tests count them, metrics time them); not the queries of withClient blocks. */
  readonly onQuery?: (event: { text: string; durationMs: number; ok: boolean }) => void;
}

const CLOSE_WAIT_MS = 2_000;

export class PgStore {
  private readonly pool: pg.Pool;
  private readonly onQuery: PgStoreOptions['onQuery'];
  private closed = false;
  /** Clients whose connection is still open: pool.end() resolves before their sockets have closed. */
  private readonly connected = new Set<pg.Client>();

  constructor(options: PgStoreOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'housing-graph',
      connectionTimeoutMillis: options.timeoutMs ?? 10_000,
      ...(options.timeoutMs === undefined
        ? {}
        : { statement_timeout: options.timeoutMs, query_timeout: options.timeoutMs }),
    });
    this.pool.on('error', (error) => options.onIdleError?.(error));
    this.pool.on('connect', (client) => {
      this.connected.add(client);
      client.once('end', () => this.connected.delete(client));
    });
    this.onQuery = options.onQuery;
  }

  async query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await this.pool.query<R>(text, values as unknown[] | undefined);
      ok = true;
      return result;
    } catch (error) {
      throw translate(error);
    } finally {
      this.onQuery?.({ text, durationMs: performance.now() - started, ok });
    }
  }

  async withClient<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw translate(error);
    });
    // While a client is checked out the pool no longer listens for its errors: a session ended by the
    // server between two queries (a restart, pg_terminate_backend) would emit an unhandled 'error' and
    // crash the process. The next query on it fails instead, and the broken client is destroyed on release.
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      // A connection whose query timed out on our side may still get that query's answer later: never
      // hand it out again (pool.query does the same by releasing with the error).
      if (broken === undefined && isUnavailable(error)) broken = error as Error;
      throw translate(error);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * For readiness checks: does PostgreSQL answer a trivial query within `timeoutMs`? Never waits longer,
   * whatever the pool's own limits (a hung server accepts connections and answers nothing).
   */
  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answered = this.pool.query({ text: 'SELECT 1', query_timeout: timeoutMs } as pg.QueryConfig).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async withTransaction<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ending = [...this.connected];
    await this.pool.end();
    // pool.end() only asks each connection to end. Wait (at most CLOSE_WAIT_MS) until they have: whoever
    // stops the server next (a stack shutting down) must find no session of ours to terminate.
    const closed = Promise.all(
      ending
        .filter((client) => this.connected.has(client))
        .map((client) => new Promise<void>((resolve) => client.once('end', () => resolve()))),
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([closed, waited]);
    clearTimeout(timer);
  }
}

function translate(error: unknown): unknown {
  if (error instanceof CloudStoreUnavailableError || !isUnavailable(error)) return error;
  return new CloudStoreUnavailableError((error as { code?: string }).code ?? (error as Error).message, {
    cause: error,
  });
}
