import sql from 'mssql';
import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { tediousNoDelay } from '../../core/tediousNoDelay';
import type { UhParam, UhQuery } from './UhQuery';
import { LegacyStoreQueryError, LegacyStoreUnavailableError } from './legacyStoreErrors';

/**
 * The one owner of the connection pool to UH. UH sits behind a VPN that drops: every request is bounded
 * by `timeoutMs` end to end (waiting for a connection included), failures of the link become
 * LegacyStoreUnavailableError, and a pool that could not connect is rebuilt on the next request, so
 * service resumes by itself when UH returns.
 */
export interface UhStoreOptions {
  readonly connection: MssqlConnectionConfig;
  /** End-to-end limit for one request, connection included (default 5 s). */
  readonly timeoutMs?: number;
  readonly maxConnections?: number;
  /** Observes every request: tests count them, metrics time them. */
  readonly onQuery?: (event: UhQueryEvent) => void;
  /**
   * Read committed data only: every request's WITH (NOLOCK) table hints are dropped. The graph reads UH
   * with NOLOCK as UH's own applications do (a dirty read costs a screen a stale or odd value); the sync
   * must never copy a version a transaction may still roll back, nor miss the committed version an open
   * transaction has overwritten (under NOLOCK a scan sees the uncommitted one, above the poll's bound, and
   * the committed one, below it, is passed over for good if that transaction then rolls back). Without the
   * hint SQL Server's READ COMMITTED waits for the writer's short transaction instead
   * (https://learn.microsoft.com/en-us/sql/t-sql/queries/hints-transact-sql-table, READUNCOMMITTED/NOLOCK).
   */
  readonly committedReadsOnly?: boolean;
}

const NOLOCK_HINT = /\s+WITH\s*\(\s*NOLOCK\s*\)/gi;

export type UhRow = Record<string, unknown>;

export interface UhQueryEvent {
  readonly name: string;
  /** For a batch, the name of each of its statements. */
  readonly statements?: readonly string[];
  readonly text: string;
  readonly params: UhQuery['params'];
  readonly durationMs: number;
  readonly ok: boolean;
}

export interface UhTransaction {
  query<R extends object = UhRow>(query: UhQuery): Promise<R[]>;
}

/** What reads and writes need of UH: the store, or a view of it that counts one request's round trips. */
export interface UhClient {
  query<R extends object = UhRow>(query: UhQuery): Promise<R[]>;
  queryBatch(query: UhQuery): Promise<UhRow[][]>;
  withTransaction<T>(name: string, work: (tx: UhTransaction) => Promise<T>): Promise<T>;
}

export class UhStore implements UhClient {
  private readonly options: UhStoreOptions;
  private readonly timeoutMs: number;
  private pool: Promise<sql.ConnectionPool> | undefined;
  private closed = false;

  constructor(options: UhStoreOptions) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async query<R extends object = UhRow>(uhQuery: UhQuery): Promise<R[]> {
    const query = this.prepared(uhQuery);
    return this.timed(query, async () => {
      const pool = await this.connectedPool();
      return run<R>(pool.request(), query);
    });
  }

  /**
   * One request of several statements, every result set it produced in order (mssql's `recordsets`):
   * forward capture polls every table in one round trip, a DECLAREd variable shared by the statements.
   */
  async queryBatch(uhQuery: UhQuery): Promise<UhRow[][]> {
    const query = this.prepared(uhQuery);
    return this.timed(query, async () => {
      const pool = await this.connectedPool();
      const request = pool.request();
      for (const param of query.params) request.input(param.name, driverType(param), param.value);
      const result = await request.query(query.text);
      // mssql types recordsets as an array or a by-name record; a plain query gives the array.
      return (result.recordsets as unknown as UhRow[][] | undefined) ?? [];
    });
  }

  /**
   * Several requests in one UH transaction; rolled back on any error. Never retried. `onRoundTrip` hears of
   * each request it sends: BEGIN, every query, COMMIT or ROLLBACK (each waits for UH's answer).
   */
  async withTransaction<T>(
    name: string,
    work: (tx: UhTransaction) => Promise<T>,
    onRoundTrip: () => void = () => undefined,
  ): Promise<T> {
    const pool = await this.guard(name, this.connectedPool());
    const transaction = new sql.Transaction(pool);
    onRoundTrip();
    await this.guard(name, transaction.begin());
    let done = false;
    try {
      const result = await work({
        query: <R extends object>(uhQuery: UhQuery) => {
          const query = this.prepared(uhQuery);
          onRoundTrip();
          return this.timed(query, () => run<R>(new sql.Request(transaction), query));
        },
      });
      onRoundTrip();
      await this.guard(name, transaction.commit());
      done = true;
      return result;
    } finally {
      if (!done) {
        onRoundTrip();
        await transaction.rollback().catch(() => undefined);
      }
    }
  }

  /**
   * This store, counting the round trips made through it (one GraphQL request's, for the round-trip metric and
   * the tests): a query or a batch is one, a transaction one per request it sends.
   */
  counting(onRoundTrip: () => void): UhClient {
    return {
      query: <R extends object = UhRow>(query: UhQuery) => {
        onRoundTrip();
        return this.query<R>(query);
      },
      queryBatch: (query) => {
        onRoundTrip();
        return this.queryBatch(query);
      },
      withTransaction: (name, work) => this.withTransaction(name, work, onRoundTrip),
    };
  }

  private prepared(query: UhQuery): UhQuery {
    if (this.options.committedReadsOnly !== true) return query;
    return { ...query, text: query.text.replace(NOLOCK_HINT, '') };
  }

  /**
   * For readiness checks: can a trivial request round-trip within `timeoutMs` (default: the store's
   * timeout)? Answers false at the deadline, whatever the request is still waiting for.
   */
  async ping(timeoutMs = this.timeoutMs): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answered = this.query({ name: 'ping', text: 'SELECT 1 AS ok', params: [] }).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.then((p) => p.close()).catch(() => undefined);
  }

  private connectedPool(): Promise<sql.ConnectionPool> {
    if (this.closed) return Promise.reject(new LegacyStoreUnavailableError('the store is closed'));
    if (this.pool === undefined) {
      const { connection } = this.options;
      const pool = new sql.ConnectionPool({
        server: connection.server,
        port: connection.port,
        user: connection.user,
        password: connection.password,
        database: connection.database,
        options: { ...connection.options, appName: 'housing-graph', useUTC: true },
        connectionTimeout: this.timeoutMs,
        requestTimeout: this.timeoutMs,
        // mssql's default checks every borrowed connection with a SELECT 1 (a second round trip per
        // request); checking the socket's state is enough, since a broken link fails the request itself.
        validateConnection: 'socket',
        beforeConnect: tediousNoDelay,
        pool: {
          max: this.options.maxConnections ?? 10,
          min: 0,
          acquireTimeoutMillis: this.timeoutMs,
          createTimeoutMillis: this.timeoutMs,
          createRetryIntervalMillis: 200,
          idleTimeoutMillis: 30_000,
        },
      });
      // Errors on idle connections (the tunnel dropped) are expected; the pool replaces them on demand.
      pool.on('error', () => undefined);
      const connecting = pool.connect();
      this.pool = connecting;
      // A pool that never connected cannot recover by itself: forget it so the next request builds a new one.
      connecting.catch(() => {
        if (this.pool === connecting) this.pool = undefined;
        pool.close().catch(() => undefined);
      });
    }
    return this.pool;
  }

  private async timed<T>(query: UhQuery, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await this.guard(query.name, work());
      ok = true;
      return result;
    } finally {
      this.options.onQuery?.({
        name: query.name,
        ...(query.statements === undefined ? {} : { statements: query.statements }),
        text: query.text,
        params: query.params,
        durationMs: performance.now() - started,
        ok,
      });
    }
  }

  /** Bound any step by the timeout and translate what the driver throws. */
  private async guard<T>(name: string, step: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LegacyStoreUnavailableError(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([step, deadline]);
    } catch (error) {
      throw translate(name, error);
    } finally {
      clearTimeout(timer);
      step.catch(() => undefined);
    }
  }
}

async function run<R extends object>(request: sql.Request, query: UhQuery): Promise<R[]> {
  for (const param of query.params) request.input(param.name, driverType(param), param.value);
  const result = await request.query<R>(query.text);
  return result.recordset ?? [];
}

function driverType(param: UhParam): sql.ISqlType | (() => sql.ISqlType) {
  switch (param.type) {
    case 'char':
      return sql.Char(param.length);
    case 'varchar':
      return sql.VarChar(param.length);
    case 'nvarchar':
      return sql.NVarChar(param.length);
    case 'int':
      return sql.Int;
    case 'smallint':
      return sql.SmallInt;
    case 'bit':
      return sql.Bit;
    case 'numeric':
      return sql.Numeric(param.precision, param.scale);
    case 'date':
      return sql.Date;
    case 'datetime':
      return sql.DateTime;
    case 'smalldatetime':
      return sql.SmallDateTime;
    case 'varbinary':
      return sql.VarBinary(param.length);
  }
}

/** Link failures (connect, socket, timeouts, cancels) mean UH is unavailable; an error number means UH refused. */
function translate(name: string, error: unknown): Error {
  if (error instanceof LegacyStoreUnavailableError || error instanceof LegacyStoreQueryError) return error;
  if (error instanceof sql.RequestError && typeof error.number === 'number' && error.number > 0) {
    return new LegacyStoreQueryError(name, error.number, { cause: error });
  }
  if (
    error instanceof sql.ConnectionError ||
    error instanceof sql.RequestError ||
    error instanceof sql.TransactionError
  ) {
    return new LegacyStoreUnavailableError(error.code ?? 'connection failed', { cause: error });
  }
  return new LegacyStoreQueryError(name, undefined, { cause: error });
}
