import { RequestCancelledError, SqlServerError, type Param, type Session } from '../engine/types';
import type { ByteWriter } from './ByteWriter';
import { decodeRpcRequest } from './decodeRpcRequest';
import { decodeSqlBatch } from './decodeSqlBatch';
import { decodeTransactionRequest } from './decodeTransactionRequest';
import { unsupported } from './decodeTypeInfo';
import { CurCmd, DoneStatus, PacketType, TokenType } from './protocolConstants';
import { TdsProtocolError } from './TdsProtocolError';
import type { TransactionTracker } from './TransactionTracker';
import { writeBatchResult, writeRequestError, type ResultFraming } from './writeBatchResult';
import { writeDone } from './writeTokens';

export interface RequestContext {
  readonly session: Session;
  readonly transactions: TransactionTracker;
  readonly out: ByteWriter;
  readonly signal: AbortSignal;
}

/** The outcome the connection needs: whether the request was cancelled by ATTENTION. */
export type RequestOutcome = 'answered' | 'cancelled';

/**
 * Run one client request (SQL batch, RPC or transaction manager request) against the session and write
 * its complete response token stream into ctx.out. SqlServerErrors become ERROR tokens; a cancellation
 * leaves a bare DONE (the client discards it and waits for the attention acknowledgement).
 */
export async function executeRequest(
  type: number,
  payload: Buffer,
  ctx: RequestContext,
): Promise<RequestOutcome> {
  const framing: ResultFraming = type === PacketType.SqlBatch ? 'batch' : 'rpc';
  // Tokens the connection wrote before (the RESETCONNECTION acknowledgement) survive a failure.
  const start = ctx.out.length;
  try {
    switch (type) {
      case PacketType.SqlBatch:
        await runBatch(decodeSqlBatch(payload), [], 'batch', ctx);
        return 'answered';
      case PacketType.RpcRequest: {
        const rpc = decodeRpcRequest(payload);
        if (!isExecuteSql(rpc.procedure)) {
          throw new SqlServerError(2812, `Could not find stored procedure '${rpc.procedure}'.`, {
            state: 62,
          });
        }
        const statement = rpc.params[0];
        if (statement === undefined || typeof statement.value !== 'string') {
          throw new SqlServerError(
            214,
            "Procedure expects parameter '@statement' of type 'ntext/nchar/nvarchar'.",
            { state: 2 },
          );
        }
        // Parameter 2 is the declaration list (@params); the engine takes types from TYPE_INFO instead.
        await runBatch(statement.value, rpc.params.slice(2), 'rpc', ctx);
        return 'answered';
      }
      case PacketType.TransactionManager:
        await runTransactionRequest(payload, ctx);
        return 'answered';
      default:
        throw unsupported(`TDS requests of packet type ${type} (bulk load and the like)`);
    }
  } catch (error) {
    // Bytes that are not TDS: the connection cannot stay in step, so the caller closes it.
    if (error instanceof TdsProtocolError) throw error;
    ctx.out.length = start;
    if (error instanceof RequestCancelledError || ctx.signal.aborted) {
      writeDone(ctx.out, TokenType.Done, DoneStatus.Final, CurCmd.None, 0);
      return 'cancelled';
    }
    if (!(error instanceof SqlServerError)) {
      const message = error instanceof Error ? error.message : String(error);
      writeRequestError(
        ctx.out,
        new SqlServerError(50000, `UH simulator internal error: ${message}`, { cause: error }),
        framing,
      );
      return 'answered';
    }
    writeRequestError(ctx.out, error, framing);
    return 'answered';
  }
}

function isExecuteSql(procedure: string): boolean {
  const name = procedure.toLowerCase().replace(/[[\]]/g, '');
  return (
    name === 'sp_executesql' ||
    name === 'sys.sp_executesql' ||
    name === 'dbo.sp_executesql' ||
    name === 'master.sys.sp_executesql'
  );
}

async function runBatch(
  sql: string,
  params: readonly Param[],
  framing: ResultFraming,
  ctx: RequestContext,
): Promise<void> {
  const result = await ctx.session.execute(sql, params, { signal: ctx.signal, dynamic: framing === 'rpc' });
  // Transaction ENVCHANGEs go first: the batch's outcomes do not say which statement began or ended one.
  ctx.transactions.apply(ctx.out, result.transactionEvents);
  const afterEnvChanges = ctx.out.length;
  try {
    writeBatchResult(ctx.out, result, framing);
  } catch (error) {
    // A value the encoder cannot represent: report it instead of sending a half-written stream.
    ctx.out.length = afterEnvChanges;
    const message = error instanceof Error ? error.message : String(error);
    writeRequestError(
      ctx.out,
      new SqlServerError(50000, `UH simulator could not encode the result: ${message}`, { cause: error }),
      framing,
    );
  }
}

async function runTransactionRequest(payload: Buffer, ctx: RequestContext): Promise<void> {
  const request = decodeTransactionRequest(payload);
  const { session, transactions, out } = ctx;
  switch (request.kind) {
    case 'begin':
      await session.beginTransaction();
      if (!transactions.inTransaction) transactions.began(out);
      break;
    case 'commit':
      await session.commitTransaction();
      if (session.transactionCount === 0) transactions.committed(out);
      if (request.beginNew) {
        await session.beginTransaction();
        transactions.began(out);
      }
      break;
    case 'rollback':
      await session.rollbackTransaction();
      transactions.rolledBack(out);
      if (request.beginNew) {
        await session.beginTransaction();
        transactions.began(out);
      }
      break;
    case 'save':
      throw unsupported('savepoints (SAVE TRANSACTION)');
  }
  writeDone(out, TokenType.Done, DoneStatus.Final, CurCmd.None, 0);
}
