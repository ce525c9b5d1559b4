/**
 * The contract between the UH simulator's SQL engine (T-SQL over SQLite) and its TDS wire layer.
 *
 * The TDS layer decodes requests into (sql, params) and encodes StatementOutcomes as TDS tokens;
 * the engine knows nothing about the wire. Values cross this boundary in one canonical JS form
 * per SQL type (see SqlValue) so neither side guesses.
 */

/** SQL Server type names the simulator understands (in DDL, CAST/CONVERT, and RPC parameters). */
export type SqlTypeName =
  | 'char'
  | 'varchar'
  | 'nchar'
  | 'nvarchar'
  | 'text'
  | 'ntext'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'numeric'
  | 'money'
  | 'smallmoney'
  | 'bit'
  | 'float'
  | 'real'
  | 'datetime'
  | 'smalldatetime'
  | 'datetime2'
  | 'date'
  | 'time'
  | 'rowversion'
  | 'binary'
  | 'varbinary'
  | 'uniqueidentifier';

export interface SqlType {
  readonly name: SqlTypeName;
  /** char/varchar/nchar/nvarchar/binary/varbinary: length in characters (bytes for binary); -1 means (max). */
  readonly length?: number;
  /** decimal/numeric: precision and scale. money is (19,4), smallmoney (10,4). */
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * Canonical JS value per SQL type, in both directions:
 * - char, varchar, nchar, nvarchar, text, ntext: string (char(n)/nchar(n) values are padded to n by the engine)
 * - tinyint, smallint, int: number
 * - bigint: bigint
 * - decimal, numeric, money, smallmoney: string, exact, with exactly `scale` fractional digits, e.g. "12.50", "-0.10"
 *   (never a JS float: money must not be rounded anywhere)
 * - bit: boolean
 * - float, real: number
 * - datetime, smalldatetime, datetime2: string 'YYYY-MM-DD HH:MM:SS.fff' (no time zone; datetime2 may carry up to 7 digits)
 * - date: string 'YYYY-MM-DD'
 * - time: string 'HH:MM:SS.fffffff'
 * - rowversion, binary, varbinary: Buffer (rowversion is 8 bytes, big-endian)
 * - uniqueidentifier: string, upper-case canonical form
 * - NULL: null
 */
export type SqlValue = null | string | number | bigint | boolean | Buffer;

export interface Param {
  /** Without the leading '@'. */
  readonly name: string;
  readonly type: SqlType;
  readonly value: SqlValue;
}

export interface ColumnInfo {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

export interface ResultSet {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly (readonly SqlValue[])[];
}

/** What one statement of a batch produced; the TDS layer turns each into tokens ending in DONE/DONEINPROC. */
export type StatementOutcome =
  /** SELECT: COLMETADATA, ROW*, DONE(count). */
  | { readonly kind: 'resultSet'; readonly resultSet: ResultSet }
  /** INSERT/UPDATE/DELETE: DONE with DONE_COUNT and the number of rows affected. */
  | { readonly kind: 'rowCount'; readonly rowCount: number }
  /** SET, DDL, DECLARE, BEGIN TRAN ...: DONE without a count. */
  | { readonly kind: 'done' };

/** Transaction state changes a batch caused, in order; the TDS layer sends the matching ENVCHANGE tokens. */
export type TransactionEvent = 'began' | 'committed' | 'rolledBack';

export interface BatchResult {
  /** Outcomes of the statements that ran, in order (those before an error included). */
  readonly outcomes: readonly StatementOutcome[];
  readonly transactionEvents: readonly TransactionEvent[];
  /** Set when a statement failed; statements after it did not run. */
  readonly error?: SqlServerError;
}

/**
 * An error the way SQL Server reports it: number, severity class, state, message, line.
 * Numbers used: 102 syntax, 207 invalid column, 208 invalid object, 245/8114 conversion, 8152 truncation,
 * 2601/2627 duplicate key, 1205 deadlock victim (injected), 3902/3903 commit/rollback without a transaction,
 * 50000 "construct not supported by the simulator" (message names the construct).
 */
export class SqlServerError extends Error {
  readonly number: number;
  readonly class: number;
  readonly state: number;
  readonly lineNumber: number;
  constructor(
    number: number,
    message: string,
    options: { class?: number; state?: number; lineNumber?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SqlServerError';
    this.number = number;
    this.class = options.class ?? 16;
    this.state = options.state ?? 1;
    this.lineNumber = options.lineNumber ?? 1;
  }
}

/** Thrown (rejected) when a request is cancelled through its AbortSignal (TDS ATTENTION); not an SQL error. */
export class RequestCancelledError extends Error {
  constructor() {
    super('request cancelled');
    this.name = 'RequestCancelledError';
  }
}

export interface ExecuteOptions {
  /** Aborted when the client sends ATTENTION (cancel or client-side timeout). */
  readonly signal?: AbortSignal;
  /**
   * The batch is a dynamic SQL string run by sp_executesql (an RPC): SET options it changes are restored when
   * it returns, as SQL Server does (https://learn.microsoft.com/en-us/sql/t-sql/statements/set-statements-transact-sql).
   */
  readonly dynamic?: boolean;
}

/** One client connection's view of the database (one TDS connection = one Session). */
export interface Session {
  /** Run a batch (one or more statements separated by ';' or newlines). Never rejects with SqlServerError: errors go in BatchResult.error. Rejects with RequestCancelledError when cancelled. */
  execute(sql: string, params: readonly Param[], options?: ExecuteOptions): Promise<BatchResult>;
  /** TDS transaction-manager requests (tedious beginTransaction/commitTransaction/rollbackTransaction). */
  beginTransaction(): Promise<void>;
  commitTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
  /** @@TRANCOUNT */
  readonly transactionCount: number;
  /** RESETCONNECTION: roll back any open transaction, forget session state. */
  reset(): Promise<void>;
  /** Roll back any open transaction and release the SQLite connection. */
  close(): void;
}

export interface InjectedFault {
  /** SQL Server error number to raise, e.g. 1205. */
  readonly number: number;
  readonly message?: string;
  /** Only statements whose text matches; all statements when absent. */
  readonly match?: RegExp;
  /** How many times to fire; 1 when absent. */
  readonly times?: number;
}

export interface Engine {
  openSession(): Session;
  /** Make the next matching statement(s) fail with this SQL Server error (tests: deadlock 1205 and the like). */
  injectFault(fault: InjectedFault): void;
  /**
   * Fast path for the seed: insert many rows into one table in one SQLite transaction, with exactly the
   * normalisation an INSERT statement applies (char padding, '' dates -> 1900-01-01, tstamp assigned,
   * unique indexes enforced). Columns not listed take their defaults.
   */
  bulkInsert(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void;
  /**
   * How many sessions' statements wait for another transaction's lock right now: SQL Server's
   * sys.dm_os_waiting_tasks rows with an LCK_M_* wait type
   * (https://learn.microsoft.com/sql/relational-databases/system-dynamic-management-views/sys-dm-os-waiting-tasks-transact-sql).
   */
  waitingForLocks(): number;
  close(): void;
}
