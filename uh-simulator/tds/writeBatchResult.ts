import type { BatchResult, SqlServerError } from '../engine/types';
import type { ByteWriter } from './ByteWriter';
import { CurCmd, DoneStatus, TokenType } from './protocolConstants';
import { writeResultSet } from './writeResultSet';
import { writeDone, writeMessageToken, writeReturnStatus } from './writeTokens';

/**
 * How a batch's statements are framed: a SQL batch ends each statement with DONE; an RPC
 * (sp_executesql) ends each with DONEINPROC and closes with RETURNSTATUS and DONEPROC, as SQL Server does.
 */
export type ResultFraming = 'batch' | 'rpc';

/**
 * The token stream for one executed batch: per statement its result set and done token (with
 * DONE_COUNT and the row count for SELECT/INSERT/UPDATE/DELETE, which mssql reports as rowsAffected),
 * then the ERROR token if a statement failed.
 */
export function writeBatchResult(out: ByteWriter, result: BatchResult, framing: ResultFraming): void {
  const statementToken = framing === 'batch' ? TokenType.Done : TokenType.DoneInProc;
  const outcomes = result.outcomes;
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i] as (typeof outcomes)[number];
    const last = framing === 'batch' && i === outcomes.length - 1 && result.error === undefined;
    const more = last ? 0 : DoneStatus.More;
    switch (outcome.kind) {
      case 'resultSet':
        writeResultSet(out, outcome.resultSet);
        writeDone(out, statementToken, more | DoneStatus.Count, CurCmd.Select, outcome.resultSet.rows.length);
        break;
      case 'rowCount':
        writeDone(out, statementToken, more | DoneStatus.Count, CurCmd.None, outcome.rowCount);
        break;
      case 'done':
        writeDone(out, statementToken, more, CurCmd.None, 0);
        break;
    }
  }
  if (result.error !== undefined) {
    writeSqlError(out, result.error);
    if (framing === 'batch') writeDone(out, TokenType.Done, DoneStatus.Error, CurCmd.None, 0);
  } else if (framing === 'batch' && outcomes.length === 0) {
    writeDone(out, TokenType.Done, DoneStatus.Final, CurCmd.None, 0);
  }
  if (framing === 'rpc') {
    writeReturnStatus(out, result.error === undefined ? 0 : 1);
    writeDone(
      out,
      TokenType.DoneProc,
      result.error === undefined ? DoneStatus.Final : DoneStatus.Error,
      CurCmd.None,
      0,
    );
  }
}

/** ERROR token from an engine error: mssql surfaces it as RequestError with the same number. */
export function writeSqlError(out: ByteWriter, error: SqlServerError): void {
  writeMessageToken(out, TokenType.Error, {
    number: error.number,
    state: error.state,
    class: error.class,
    message: error.message,
    procName: '',
    lineNumber: error.lineNumber,
  });
}

/** A request that failed as a whole (unknown procedure, unsupported parameter type): ERROR then DONE(ERROR). */
export function writeRequestError(out: ByteWriter, error: SqlServerError, framing: ResultFraming): void {
  writeSqlError(out, error);
  writeDone(out, framing === 'batch' ? TokenType.Done : TokenType.DoneProc, DoneStatus.Error, CurCmd.None, 0);
}
