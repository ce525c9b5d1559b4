import type Database from 'better-sqlite3';
import { BatchPlan } from './BatchPlan';
import { toStored } from './codec';
import { SYS } from './CompileContext';
import type { Stored } from './convertValue';
import type { EngineShared } from './EngineShared';
import { executeDdl } from './executeDdl';
import { SessionTransaction } from './SessionTransaction';
import { ERR, sqlError } from './sqlErrors';
import type { StatementPlan } from './StatementPlan';
import { takesUpdateLocks } from './UpdateLockReads';
import { DeadlockVictim, TransactionConflict } from './TransactionConflict';
import { translateError, isBusy } from './translateError';
import {
  RequestCancelledError,
  SqlServerError,
  type BatchResult,
  type ExecuteOptions,
  type Param,
  type Session,
  type SqlValue,
  type StatementOutcome,
  type TransactionEvent,
} from './types';

const MAX_CACHED_BATCHES = 500;

/**
 * One client connection: its own SQLite connection (so its uncommitted writes stay invisible to others),
 * @@TRANCOUNT, and a cache of compiled batches. SQL Server's READ COMMITTED (with row versioning) is
 * reproduced by running reads outside any SQLite transaction unless they must see the session's own
 * uncommitted writes; writes lock rows, not the database (SessionTransaction). A statement that meets
 * another transaction's lock waits (asynchronously) for it, and gives up when its request is cancelled.
 */
export class SqliteSession implements Session {
  private readonly db: Database.Database;
  private readonly tx: SessionTransaction;
  private trancount = 0;
  private xactAbort = false;
  private nocount = false;
  private lastRowCount = 0;
  private closed = false;
  private cache = new Map<string, BatchPlan>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly shared: EngineShared,
    readonly id: number,
  ) {
    this.db = shared.openConnection(id);
    try {
      this.tx = new SessionTransaction(this.db, shared, id);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  get transactionCount(): number {
    return this.trancount;
  }

  /** Requests on one connection run one at a time, in arrival order. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  execute(sql: string, params: readonly Param[], options: ExecuteOptions = {}): Promise<BatchResult> {
    return this.serial(async () => {
      if (options.dynamic !== true) return this.executeNow(sql, params, options.signal);
      const { xactAbort, nocount } = this;
      try {
        return await this.executeNow(sql, params, options.signal);
      } finally {
        this.xactAbort = xactAbort;
        this.nocount = nocount;
      }
    });
  }

  private batchPlan(sql: string, params: readonly Param[]): BatchPlan {
    let key = sql;
    for (const p of params)
      key += `\u0000${p.name}:${p.type.name}(${p.type.length ?? ''},${p.type.precision ?? ''},${p.type.scale ?? ''})`;
    let plan = this.cache.get(key);
    if (plan === undefined) {
      plan = new BatchPlan(sql, params, this.shared.catalog, this.shared.conversions);
      if (this.cache.size >= MAX_CACHED_BATCHES) this.cache.clear();
      this.cache.set(key, plan);
    }
    return plan;
  }

  private async executeNow(
    sql: string,
    params: readonly Param[],
    signal: AbortSignal | undefined,
  ): Promise<BatchResult> {
    if (this.closed) throw new Error('session is closed');
    if (signal?.aborted) throw new RequestCancelledError();
    const outcomes: StatementOutcome[] = [];
    const events: TransactionEvent[] = [];
    let plan: BatchPlan;
    const bindings: Record<string, Stored> = {};
    try {
      plan = this.batchPlan(sql, params);
      for (let i = 0; i < params.length; i++)
        bindings[plan.paramKeys[i]!] = toStored(params[i]!.value, params[i]!.type);
    } catch (error) {
      return { outcomes, transactionEvents: events, error: translateError(error) };
    }
    for (let i = 0; i < plan.statements.length; i++) {
      let error: SqlServerError | undefined;
      try {
        const fault = this.shared.takeFault(sql);
        if (fault !== undefined) {
          error = this.shared.faultError(fault, this.id);
          if (fault.number === 1205 && this.trancount > 0) this.rollbackAll(events);
        } else {
          for (const stmtPlan of plan.plan(i)) {
            const outcome = await this.runWithLockWait(stmtPlan, bindings, events, signal);
            if (outcome !== undefined) outcomes.push(outcome);
          }
        }
      } catch (e) {
        if (e instanceof RequestCancelledError) {
          // An ATTENTION under XACT_ABORT ON rolls the open transaction back, as SQL Server does (so a client's
          // timeout never leaves a transaction holding its locks on a pooled connection).
          if (this.xactAbort && this.trancount > 0) this.rollbackAll(events);
          throw e;
        }
        if (e instanceof DeadlockVictim) {
          // SQL Server rolls the victim's transaction back and answers 1205 (its statement had no effect).
          if (this.trancount > 0) this.rollbackAll(events);
          error = this.shared.faultError({ number: 1205 }, this.id);
        } else error = translateError(e);
      }
      if (error !== undefined) {
        if (this.xactAbort && this.trancount > 0) this.rollbackAll(events);
        return { outcomes, transactionEvents: events, error: atLine(error, plan.statements[i]!.line) };
      }
    }
    return { outcomes, transactionEvents: events };
  }

  private runWithLockWait(
    plan: StatementPlan,
    bindings: Record<string, Stored>,
    events: TransactionEvent[],
    signal: AbortSignal | undefined,
  ): Promise<StatementOutcome | undefined> {
    return this.withLockWaits(() => this.run(plan, bindings, events), signal);
  }

  /**
   * Runs `attempt` until it no longer meets a lock. Each failed attempt has had no effect; the session
   * parks its own changes (so its locks are visible, and weighed if the wait deadlocks) and waits for the
   * transaction it met, or for another process's write lock.
   */
  private async withLockWaits<T>(attempt: () => T, signal: AbortSignal | undefined): Promise<T> {
    for (;;) {
      try {
        return attempt();
      } catch (e) {
        if (e instanceof TransactionConflict) {
          this.tx.park();
          await this.shared.locks.wait(this.id, e.owner, signal);
        } else if (isBusy(e)) await this.shared.lockWaiter.wait(signal);
        else throw e;
      }
    }
  }

  private setSys(bindings: Record<string, Stored>): void {
    bindings[SYS.trancount.slice(1)] = this.trancount;
    bindings[SYS.rowcount.slice(1)] = this.lastRowCount;
    bindings[SYS.spid.slice(1)] = this.id;
  }

  private run(
    plan: StatementPlan,
    bindings: Record<string, Stored>,
    events: TransactionEvent[],
  ): StatementOutcome | undefined {
    switch (plan.k) {
      case 'query': {
        this.setSys(bindings);
        this.tx.beforeRead(plan.sql);
        const prepared = (plan.prepared ??= this.db.prepare(plan.sql).raw(true).safeIntegers(true));
        const raw = takesUpdateLocks(plan)
          ? this.tx.readLocked(this.trancount > 0, () => prepared.all(bindings) as Stored[][])
          : (prepared.all(bindings) as Stored[][]);
        this.lastRowCount = raw.length;
        if (plan.assigns !== undefined) {
          const last = raw[raw.length - 1];
          if (last !== undefined) plan.assigns.forEach((a, i) => (bindings[a.key] = last[i] ?? null));
          return { kind: 'done' };
        }
        return {
          kind: 'resultSet',
          resultSet: { columns: plan.shape.columns, rows: decodeRows(raw, plan.shape.decoders) },
        };
      }
      case 'write': {
        const outcome = this.write(plan, bindings);
        // SET NOCOUNT ON: the DONE token carries no row count.
        return this.nocount && outcome.kind === 'rowCount' ? { kind: 'done' } : outcome;
      }
      case 'assign': {
        this.setSys(bindings);
        let value: Stored = null;
        if (plan.sql !== undefined) {
          this.tx.beforeRead(plan.sql);
          const prepared = (plan.prepared ??= this.db.prepare(plan.sql).raw(true).safeIntegers(true));
          const row = takesUpdateLocks(plan)
            ? this.tx.readLocked(this.trancount > 0, () => prepared.get(bindings) as Stored[] | undefined)
            : (prepared.get(bindings) as Stored[] | undefined);
          value = (row ?? [null])[0] ?? null;
        }
        bindings[plan.key] = value;
        return undefined;
      }
      case 'begin':
        this.trancount++;
        if (this.trancount === 1) events.push('began');
        return { kind: 'done' };
      case 'commit':
        if (this.trancount === 0)
          throw sqlError(
            ERR.COMMIT_NO_TRAN,
            'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.',
          );
        // The outermost COMMIT may have to wait (for SQLite's write lock) before anything changes.
        if (this.trancount === 1) {
          this.tx.commit();
          events.push('committed');
        }
        this.trancount--;
        return { kind: 'done' };
      case 'rollback':
        if (this.trancount === 0)
          throw sqlError(
            ERR.ROLLBACK_NO_TRAN,
            'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.',
          );
        this.rollbackAll(events);
        return { kind: 'done' };
      case 'set': {
        // option is 'NAME[,NAME...] VALUE' (see parseSet)
        const [names = '', value] = plan.option.split(' ');
        for (const name of names.split(',')) {
          if (name === 'XACT_ABORT') this.xactAbort = value === 'ON';
          if (name === 'NOCOUNT') this.nocount = value === 'ON';
        }
        return { kind: 'done' };
      }
      case 'ddl':
        this.tx.runDdl(this.trancount > 0, () => executeDdl(this.db, this.shared.catalog, plan.statement));
        return { kind: 'done' };
    }
  }

  private write(
    plan: Extract<StatementPlan, { k: 'write' }>,
    bindings: Record<string, Stored>,
  ): StatementOutcome {
    this.setSys(bindings);
    let done: { outcome: StatementOutcome; count: number };
    try {
      done = this.tx.write(plan, bindings, this.trancount > 0, () => {
        plan.prepared ??= this.db.prepare(plan.sql).safeIntegers(true);
        if (plan.output !== undefined) {
          const raw = plan.prepared.raw(true).all(bindings) as Stored[][];
          return {
            outcome: {
              kind: 'resultSet',
              resultSet: { columns: plan.output.columns, rows: decodeRows(raw, plan.output.decoders) },
            },
            count: raw.length,
          };
        }
        const changes = plan.prepared.run(bindings).changes;
        return { outcome: { kind: 'rowCount', rowCount: changes }, count: changes };
      });
    } catch (e) {
      if (e instanceof TransactionConflict || isBusy(e)) throw e;
      throw translateError(e, { db: this.db, plan, bindings });
    }
    // Only a statement that took effect sets @@ROWCOUNT (not an attempt undone to wait for a lock).
    this.lastRowCount = done.count;
    return done.outcome;
  }

  private rollbackAll(events: TransactionEvent[]): void {
    this.trancount = 0;
    this.tx.rollback();
    events.push('rolledBack');
  }

  beginTransaction(): Promise<void> {
    return this.serial(async () => {
      this.trancount++;
    });
  }

  commitTransaction(): Promise<void> {
    return this.serial(async () => {
      if (this.trancount === 0)
        throw sqlError(
          ERR.COMMIT_NO_TRAN,
          'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.',
        );
      if (this.trancount === 1) {
        try {
          await this.withLockWaits(() => this.tx.commit(), undefined);
        } catch (e) {
          if (!(e instanceof DeadlockVictim)) throw e;
          this.trancount = 0;
          this.tx.rollback();
          throw this.shared.faultError({ number: 1205 }, this.id);
        }
      }
      this.trancount--;
    });
  }

  rollbackTransaction(): Promise<void> {
    return this.serial(async () => {
      if (this.trancount === 0)
        throw sqlError(
          ERR.ROLLBACK_NO_TRAN,
          'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.',
        );
      this.trancount = 0;
      this.tx.rollback();
    });
  }

  reset(): Promise<void> {
    return this.serial(async () => {
      this.trancount = 0;
      this.tx.rollback();
      this.xactAbort = false;
      this.nocount = false;
      this.lastRowCount = 0;
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.trancount = 0;
    try {
      this.tx.rollback();
    } finally {
      this.db.close();
      this.shared.sessionClosed(this.id);
    }
  }
}

/** Runtime errors report the line of the statement that raised them, as SQL Server does. */
function atLine(error: SqlServerError, line: number): SqlServerError {
  if (error.lineNumber !== 1 || line === 1) return error;
  return new SqlServerError(error.number, error.message, {
    class: error.class,
    state: error.state,
    lineNumber: line,
    cause: error.cause,
  });
}

function decodeRows(raw: Stored[][], decoders: readonly ((v: Stored) => SqlValue)[]): SqlValue[][] {
  const n = decoders.length;
  const rows: SqlValue[][] = new Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const src = raw[r]!;
    const out: SqlValue[] = new Array(n);
    for (let c = 0; c < n; c++) out[c] = decoders[c]!(src[c] ?? null);
    rows[r] = out;
  }
  return rows;
}
