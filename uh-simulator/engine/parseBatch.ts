import type { ColumnDef, Expr, OutputClause, Statement, TableConstraint } from './ast';
import { parseExpression } from './parseExpression';
import { parseAlias, parseFrom, parseObjectName, parseSelect, parseTop } from './parseSelect';
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
  const ts = new TokenStream(tokenize(sql));
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
      ts.next();
      if (!ts.acceptKeyword('TABLE')) throw unsupported(`DROP ${ts.peek().raw.toUpperCase()} is`);
      {
        const ifExists = ts.acceptKeyword('IF', 'EXISTS');
        return { k: 'dropTable', table: parseObjectName(ts), ifExists };
      }
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

function parseOutput(ts: TokenStream): OutputClause | undefined {
  if (!ts.acceptKeyword('OUTPUT')) return undefined;
  const items: { e: Expr; alias: string | undefined; star?: 'inserted' | 'deleted' }[] = [];
  do {
    if (ts.isIdent() && ts.isOp('.', 1) && ts.isOp('*', 2)) {
      const q = ts.expectIdent().toLowerCase();
      ts.next();
      ts.next();
      if (q !== 'inserted' && q !== 'deleted') throw ts.error();
      items.push({ e: { k: 'null' }, alias: undefined, star: q });
      continue;
    }
    const e = parseExpression(ts);
    items.push({ e, alias: parseAlias(ts) });
  } while (ts.acceptOp(','));
  if (ts.isKeyword('INTO')) throw unsupported('OUTPUT ... INTO is');
  return { items };
}

function parseInsert(ts: TokenStream): Statement {
  ts.expectKeyword('INSERT');
  if (ts.isKeyword('TOP')) throw unsupported('INSERT TOP is');
  ts.acceptKeyword('INTO');
  if (ts.peek().kind === 'param') throw unsupported('table variables are');
  const table = parseObjectName(ts);
  if (ts.isKeyword('WITH')) throw unsupported('table hints on INSERT are');
  let columns: string[] | undefined;
  if (ts.acceptOp('(')) {
    columns = [];
    do {
      // Allow qualified column names (t.col): only the last part counts.
      let name = ts.expectIdent();
      while (ts.acceptOp('.')) name = ts.expectIdent();
      columns.push(name);
    } while (ts.acceptOp(','));
    ts.expectOp(')');
  }
  const output = parseOutput(ts);
  if (ts.acceptKeyword('DEFAULT', 'VALUES'))
    return { k: 'insert', table, columns, output, values: undefined, select: undefined, defaultValues: true };
  if (ts.acceptKeyword('VALUES')) {
    const values: Expr[][] = [];
    do {
      ts.expectOp('(');
      const row: Expr[] = [];
      do {
        if (ts.isKeyword('DEFAULT')) throw unsupported('DEFAULT in a VALUES list is');
        row.push(parseExpression(ts));
      } while (ts.acceptOp(','));
      ts.expectOp(')');
      values.push(row);
    } while (ts.acceptOp(','));
    return { k: 'insert', table, columns, output, values, select: undefined, defaultValues: false };
  }
  if (ts.isKeyword('SELECT'))
    return {
      k: 'insert',
      table,
      columns,
      output,
      values: undefined,
      select: parseSelect(ts),
      defaultValues: false,
    };
  if (ts.isKeyword('EXEC') || ts.isKeyword('EXECUTE')) throw unsupported('INSERT ... EXEC is');
  throw ts.error();
}

function parseUpdate(ts: TokenStream): Statement {
  ts.expectKeyword('UPDATE');
  const top = parseTop(ts);
  const table = parseObjectName(ts);
  if (ts.isKeyword('WITH')) {
    ts.next();
    ts.expectOp('(');
    while (!ts.acceptOp(')')) if (ts.next().kind === 'eof') throw ts.error();
  }
  ts.expectKeyword('SET');
  const sets: { column: string; op: string; e: Expr }[] = [];
  do {
    if (ts.peek().kind === 'param') throw unsupported('SET @variable in UPDATE is');
    let column = ts.expectIdent();
    while (ts.acceptOp('.')) column = ts.expectIdent();
    const opTok = ts.next();
    if (opTok.kind !== 'op' || !['=', '+=', '-=', '*=', '/='].includes(opTok.text)) throw ts.error();
    sets.push({ column, op: opTok.text, e: parseExpression(ts) });
  } while (ts.acceptOp(','));
  const output = parseOutput(ts);
  const from = ts.acceptKeyword('FROM') ? parseFrom(ts) : undefined;
  const where = ts.acceptKeyword('WHERE') ? parseExpression(ts) : undefined;
  return { k: 'update', table, alias: undefined, sets, output, from, where, top };
}

function parseDelete(ts: TokenStream): Statement {
  ts.expectKeyword('DELETE');
  const top = parseTop(ts);
  ts.acceptKeyword('FROM');
  const table = parseObjectName(ts);
  if (ts.isKeyword('WITH')) {
    ts.next();
    ts.expectOp('(');
    while (!ts.acceptOp(')')) if (ts.next().kind === 'eof') throw ts.error();
  }
  const output = parseOutput(ts);
  if (ts.isKeyword('FROM')) throw unsupported('DELETE ... FROM (joined delete) is');
  const where = ts.acceptKeyword('WHERE') ? parseExpression(ts) : undefined;
  return { k: 'delete', table, output, where, top };
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

function parseCreate(ts: TokenStream): Statement {
  ts.expectKeyword('CREATE');
  if (ts.acceptKeyword('TABLE')) return parseCreateTable(ts);
  const unique = ts.acceptKeyword('UNIQUE');
  if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
  if (!ts.acceptKeyword('INDEX')) throw unsupported(`CREATE ${ts.peek().raw.toUpperCase()} is`);
  const name = ts.expectIdent();
  ts.expectKeyword('ON');
  const table = parseObjectName(ts);
  const columns = parseColumnList(ts);
  if (ts.isKeyword('INCLUDE') || ts.isKeyword('WHERE'))
    throw unsupported(`CREATE INDEX ... ${ts.peek().upper} is`);
  skipWithOptions(ts);
  return { k: 'createIndex', name, table, unique, columns };
}

function parseColumnList(ts: TokenStream): string[] {
  ts.expectOp('(');
  const columns: string[] = [];
  do {
    columns.push(ts.expectIdent());
    if (!ts.acceptKeyword('ASC')) ts.acceptKeyword('DESC');
  } while (ts.acceptOp(','));
  ts.expectOp(')');
  return columns;
}

/** WITH (FILLFACTOR = 90, ...) and ON [PRIMARY]: storage options mean nothing here. */
function skipWithOptions(ts: TokenStream): void {
  if (ts.isKeyword('WITH') && ts.isOp('(', 1)) {
    ts.next();
    ts.next();
    while (!ts.acceptOp(')')) if (ts.next().kind === 'eof') throw ts.error();
  }
  if (ts.acceptKeyword('ON')) ts.next();
}

function parseCreateTable(ts: TokenStream): Statement {
  const table = parseObjectName(ts);
  ts.expectOp('(');
  const columns: ColumnDef[] = [];
  const constraints: TableConstraint[] = [];
  do {
    if (ts.isKeyword('CONSTRAINT') || ts.isKeyword('PRIMARY') || ts.isKeyword('UNIQUE')) {
      const name = ts.acceptKeyword('CONSTRAINT') ? ts.expectIdent() : undefined;
      const kind = ts.acceptKeyword('PRIMARY', 'KEY') ? 'primary' : (ts.expectKeyword('UNIQUE'), 'unique');
      if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
      constraints.push({ name, kind, columns: parseColumnList(ts) });
      skipWithOptions(ts);
      continue;
    }
    if (ts.isKeyword('FOREIGN') || ts.isKeyword('CHECK') || ts.isKeyword('INDEX'))
      throw unsupported(`${ts.peek().upper} constraints in CREATE TABLE are`);
    columns.push(parseColumnDef(ts));
  } while (ts.acceptOp(','));
  ts.expectOp(')');
  skipWithOptions(ts);
  return { k: 'createTable', table, columns, constraints };
}

function parseColumnDef(ts: TokenStream): ColumnDef {
  const name = ts.expectIdent();
  const type = parseType(ts);
  let nullable = type.name !== 'rowversion';
  let defaultExpr: Expr | undefined;
  let unique: 'primary' | 'unique' | undefined;
  let constraintName: string | undefined;
  for (;;) {
    if (ts.acceptKeyword('NOT', 'NULL')) nullable = false;
    else if (ts.acceptKeyword('NULL')) nullable = true;
    else if (ts.acceptKeyword('CONSTRAINT')) constraintName = ts.expectIdent();
    else if (ts.acceptKeyword('DEFAULT')) defaultExpr = parseExpression(ts);
    else if (ts.acceptKeyword('PRIMARY', 'KEY')) {
      unique = 'primary';
      nullable = false;
      if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
    } else if (ts.acceptKeyword('UNIQUE')) {
      unique = 'unique';
      if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
    } else if (ts.acceptKeyword('COLLATE')) ts.expectIdent();
    else if (ts.isKeyword('IDENTITY')) throw unsupported('IDENTITY columns are');
    else if (ts.isKeyword('REFERENCES') || ts.isKeyword('CHECK') || ts.isKeyword('FOREIGN'))
      throw unsupported(`${ts.peek().upper} constraints are`);
    else break;
  }
  return { name, type, nullable, defaultExpr, defaultText: undefined, unique, constraintName };
}
