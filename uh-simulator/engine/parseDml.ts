import type { Expr, OutputClause, Statement } from './ast';
import { parseExpression } from './parseExpression';
import { parseAlias, parseFrom, parseObjectName, parseSelect, parseTop } from './parseSelect';
import { unsupported } from './sqlErrors';
import type { TokenStream } from './TokenStream';

/** INSERT / UPDATE / DELETE with their OUTPUT clauses. */
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

export function parseInsert(ts: TokenStream): Statement {
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

export function parseUpdate(ts: TokenStream): Statement {
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

export function parseDelete(ts: TokenStream): Statement {
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
