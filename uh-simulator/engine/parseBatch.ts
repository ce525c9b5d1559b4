import type { Expr, Statement } from './ast';
import { parseCreate, parseDrop } from './parseDdl';
import { parseDelete, parseInsert, parseUpdate } from './parseDml';
import { parseExpression } from './parseExpression';
import { parseSelect } from './parseSelect';
import { parseType } from './parseType';
import { unsupported } from './sqlErrors';
import { tokenize } from './tokenize';
import { TokenStream } from './TokenStream';

export interface ParsedStatement {
  readonly statement: Statement;
  readonly line: number;
}

/** Parses a batch: statements separated by ';' and/or whitespace (T-SQL needs no separator). */
export function parseBatch(sql: string): ParsedStatement[] {
  const ts = new TokenStream(tokenize(sql), parseSelect);
  const out: ParsedStatement[] = [];
  for (;;) {
    while (ts.acceptOp(';'));
    if (ts.atEnd()) return out;
    const line = ts.peek().line;
    out.push({ statement: parseStatement(ts), line });
    if (!ts.atEnd() && !ts.isOp(';') && ts.peek().kind !== 'ident') throw ts.error();
  }
}

const UNSUPPORTED_STATEMENTS: Record<string, string> = {
  MERGE: 'MERGE statements are',
  EXEC: 'EXEC (stored procedures) is',
  EXECUTE: 'EXECUTE (stored procedures) is',
  TRUNCATE: 'TRUNCATE TABLE is',
  ALTER: 'ALTER statements are',
  IF: 'IF ... ELSE is',
  WHILE: 'WHILE loops are',
  RETURN: 'RETURN is',
  PRINT: 'PRINT is',
  RAISERROR: 'RAISERROR is',
  THROW: 'THROW is',
  USE: 'USE (changing database) is',
  GO: 'GO (a client-side batch separator) is',
  SAVE: 'SAVE TRANSACTION (savepoints) is',
  GRANT: 'GRANT is',
  DENY: 'DENY is',
  REVOKE: 'REVOKE is',
  OPEN: 'cursors are',
  CLOSE: 'cursors are',
  FETCH: 'cursors are',
  DEALLOCATE: 'cursors are',
};

function parseStatement(ts: TokenStream): Statement {
  const t = ts.peek();
  if (t.kind !== 'ident' || t.quoted) throw ts.error();
  switch (t.upper) {
    case 'SELECT':
    case 'WITH':
      return parseSelect(ts);
    case 'INSERT':
      return parseInsert(ts);
    case 'UPDATE':
      return parseUpdate(ts);
    case 'DELETE':
      return parseDelete(ts);
    case 'BEGIN':
      ts.next();
      if (ts.acceptKeyword('TRAN') || ts.acceptKeyword('TRANSACTION')) {
        skipTransactionName(ts);
        return { k: 'begin' };
      }
      if (ts.isKeyword('DISTRIBUTED')) throw unsupported('distributed transactions are');
      if (ts.isKeyword('TRY')) throw unsupported('BEGIN TRY ... CATCH is');
      throw unsupported('BEGIN ... END blocks are');
    case 'COMMIT':
      ts.next();
      if (ts.acceptKeyword('TRAN') || ts.acceptKeyword('TRANSACTION') || ts.acceptKeyword('WORK'))
        skipTransactionName(ts);
      return { k: 'commit' };
    case 'ROLLBACK':
      ts.next();
      if (ts.acceptKeyword('TRAN') || ts.acceptKeyword('TRANSACTION') || ts.acceptKeyword('WORK'))
        skipTransactionName(ts);
      return { k: 'rollback' };
    case 'SET':
      return parseSet(ts);
    case 'DECLARE':
      return parseDeclare(ts);
    case 'CREATE':
      return parseCreate(ts);
    case 'DROP':
      return parseDrop(ts);
    default: {
      const what = UNSUPPORTED_STATEMENTS[t.upper];
      if (what !== undefined) throw unsupported(what);
      throw ts.error();
    }
  }
}

function skipTransactionName(ts: TokenStream): void {
  const t = ts.peek();
  if ((t.kind === 'ident' && (t.quoted || !isStatementStart(t.upper))) || t.kind === 'param') ts.next();
}

function isStatementStart(upper: string): boolean {
  return (
    [
      'SELECT',
      'INSERT',
      'UPDATE',
      'DELETE',
      'BEGIN',
      'COMMIT',
      'ROLLBACK',
      'SET',
      'DECLARE',
      'CREATE',
      'DROP',
      'WITH',
      'MERGE',
      'EXEC',
      'EXECUTE',
      'IF',
    ].includes(upper) || UNSUPPORTED_STATEMENTS[upper] !== undefined
  );
}

function parseSet(ts: TokenStream): Statement {
  ts.expectKeyword('SET');
  const t = ts.peek();
  if (t.kind === 'param') {
    ts.next();
    const op = ts.next();
    if (op.kind !== 'op' || !['=', '+=', '-=', '*=', '/='].includes(op.text)) throw ts.error();
    return { k: 'setVar', variable: t.text, op: op.text, e: parseExpression(ts) };
  }
  if (ts.acceptKeyword('TRANSACTION', 'ISOLATION', 'LEVEL')) {
    const words: string[] = [];
    while (
      ts.isKeyword('READ') ||
      ts.isKeyword('COMMITTED') ||
      ts.isKeyword('UNCOMMITTED') ||
      ts.isKeyword('REPEATABLE') ||
      ts.isKeyword('SNAPSHOT') ||
      ts.isKeyword('SERIALIZABLE')
    )
      words.push(ts.next().upper);
    if (words.length === 0) throw ts.error();
    return { k: 'set', option: `TRANSACTION ISOLATION LEVEL ${words.join(' ')}` };
  }
  if (ts.isKeyword('IDENTITY_INSERT')) throw unsupported('SET IDENTITY_INSERT is');
  const names = [ts.expectIdent().toUpperCase()];
  while (ts.acceptOp(',')) names.push(ts.expectIdent().toUpperCase());
  const v = ts.next();
  if (v.kind !== 'ident' && v.kind !== 'number' && v.kind !== 'string') throw ts.error();
  return { k: 'set', option: `${names.join(',')} ${v.text.toUpperCase()}` };
}

function parseDeclare(ts: TokenStream): Statement {
  ts.expectKeyword('DECLARE');
  const vars: { name: string; type: ReturnType<typeof parseType>; init: Expr | undefined }[] = [];
  do {
    const t = ts.next();
    if (t.kind !== 'param') throw ts.error();
    ts.acceptKeyword('AS');
    if (ts.isKeyword('TABLE')) throw unsupported('table variables are');
    if (ts.isKeyword('CURSOR')) throw unsupported('cursors are');
    const type = parseType(ts);
    const init = ts.acceptOp('=') ? parseExpression(ts) : undefined;
    vars.push({ name: t.text, type, init });
  } while (ts.acceptOp(','));
  return { k: 'declare', vars };
}
