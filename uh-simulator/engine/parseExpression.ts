import type { Expr, OrderItem } from './ast';
import { parseType } from './parseType';
import { unsupported } from './sqlErrors';
import type { TokenStream } from './TokenStream';

/**
 * Expression grammar, loosest first: OR < AND < NOT < predicates (comparison, LIKE, IN, BETWEEN, IS NULL)
 * < additive (+ - & | ^) < multiplicative (* / %) < unary (- + ~) < primary. T-SQL's documented
 * operator precedence, minus the parts outside the subset.
 */
export function parseExpression(ts: TokenStream): Expr {
  return parseOr(ts);
}

function parseOr(ts: TokenStream): Expr {
  let l = parseAnd(ts);
  while (ts.acceptKeyword('OR')) l = { k: 'binop', op: 'OR', l, r: parseAnd(ts) };
  return l;
}

function parseAnd(ts: TokenStream): Expr {
  let l = parseNot(ts);
  while (ts.acceptKeyword('AND')) l = { k: 'binop', op: 'AND', l, r: parseNot(ts) };
  return l;
}

function parseNot(ts: TokenStream): Expr {
  if (ts.acceptKeyword('NOT')) return { k: 'unary', op: 'NOT', e: parseNot(ts) };
  return parsePredicate(ts);
}

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>']);

function parsePredicate(ts: TokenStream): Expr {
  if (ts.acceptKeyword('EXISTS')) {
    ts.expectOp('(');
    const sub = ts.parseSubquery();
    ts.expectOp(')');
    return { k: 'exists', sub };
  }
  const e = parseAdditive(ts);
  const t = ts.peek();
  if (t.kind === 'op' && COMPARISONS.has(t.text)) {
    ts.next();
    if (ts.isKeyword('ALL') || ts.isKeyword('ANY') || ts.isKeyword('SOME'))
      throw unsupported('ALL/ANY/SOME comparisons are');
    let op = t.text === '!=' ? '<>' : t.text;
    if (op === '!<') op = '>=';
    if (op === '!>') op = '<=';
    return { k: 'binop', op, l: e, r: parseAdditive(ts) };
  }
  if (ts.acceptKeyword('IS')) {
    const not = ts.acceptKeyword('NOT');
    ts.expectKeyword('NULL');
    return { k: 'isnull', e, not };
  }
  const not = ts.acceptKeyword('NOT');
  if (ts.acceptKeyword('LIKE')) {
    const pattern = parseAdditive(ts);
    if (ts.isKeyword('ESCAPE')) throw unsupported('LIKE ... ESCAPE is');
    return { k: 'like', e, pattern, not };
  }
  if (ts.acceptKeyword('BETWEEN')) {
    const lo = parseAdditive(ts);
    ts.expectKeyword('AND');
    const hi = parseAdditive(ts);
    return { k: 'between', e, lo, hi, not };
  }
  if (ts.acceptKeyword('IN')) {
    ts.expectOp('(');
    if (ts.isKeyword('SELECT')) {
      const sub = ts.parseSubquery();
      ts.expectOp(')');
      return { k: 'in', e, list: undefined, sub, not };
    }
    const list: Expr[] = [parseExpression(ts)];
    while (ts.acceptOp(',')) list.push(parseExpression(ts));
    ts.expectOp(')');
    return { k: 'in', e, list, sub: undefined, not };
  }
  if (not) throw ts.error();
  return e;
}

function parseAdditive(ts: TokenStream): Expr {
  let l = parseMultiplicative(ts);
  for (;;) {
    const t = ts.peek();
    if (
      t.kind === 'op' &&
      (t.text === '+' || t.text === '-' || t.text === '&' || t.text === '|' || t.text === '^')
    ) {
      ts.next();
      l = { k: 'binop', op: t.text, l, r: parseMultiplicative(ts) };
    } else return l;
  }
}

function parseMultiplicative(ts: TokenStream): Expr {
  let l = parseUnary(ts);
  for (;;) {
    const t = ts.peek();
    if (t.kind === 'op' && (t.text === '*' || t.text === '/' || t.text === '%')) {
      ts.next();
      l = { k: 'binop', op: t.text, l, r: parseUnary(ts) };
    } else return l;
  }
}

function parseUnary(ts: TokenStream): Expr {
  const t = ts.peek();
  if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
    ts.next();
    const e = parseUnary(ts);
    if (t.text === '-' && e.k === 'num') return { k: 'num', text: '-' + e.text };
    return { k: 'unary', op: t.text, e };
  }
  return parseCollate(ts);
}

function parseCollate(ts: TokenStream): Expr {
  const e = parsePrimary(ts);
  if (ts.acceptKeyword('COLLATE')) return { k: 'collate', e, collation: ts.expectIdent() };
  return e;
}

function parsePrimary(ts: TokenStream): Expr {
  const t = ts.peek();
  switch (t.kind) {
    case 'string':
      ts.next();
      return { k: 'str', v: t.text, national: t.national };
    case 'number':
      ts.next();
      return { k: 'num', text: t.text };
    case 'binary':
      ts.next();
      return { k: 'hex', hex: t.text };
    case 'param':
      ts.next();
      return { k: 'param', name: t.text };
    case 'sysvar':
      ts.next();
      return { k: 'sysvar', name: t.upper };
    case 'op':
      if (t.text === '(') {
        ts.next();
        if (ts.isKeyword('SELECT')) {
          const sub = ts.parseSubquery();
          ts.expectOp(')');
          return { k: 'subquery', sub };
        }
        const e = parseExpression(ts);
        ts.expectOp(')');
        return e;
      }
      throw ts.error();
    case 'ident':
      return parseIdentExpr(ts);
    default:
      throw ts.error();
  }
}

function parseIdentExpr(ts: TokenStream): Expr {
  const t = ts.peek();
  if (!t.quoted) {
    switch (t.upper) {
      case 'NULL':
        ts.next();
        return { k: 'null' };
      case 'CASE':
        return parseCase(ts);
      case 'CAST': {
        ts.next();
        ts.expectOp('(');
        const e = parseExpression(ts);
        ts.expectKeyword('AS');
        const type = parseType(ts, 30);
        ts.expectOp(')');
        return { k: 'cast', e, type, style: undefined };
      }
      case 'CONVERT':
      case 'TRY_CONVERT': {
        if (t.upper === 'TRY_CONVERT') throw unsupported('TRY_CONVERT is');
        ts.next();
        ts.expectOp('(');
        const type = parseType(ts, 30);
        ts.expectOp(',');
        const e = parseExpression(ts);
        const style = ts.acceptOp(',') ? parseExpression(ts) : undefined;
        ts.expectOp(')');
        return { k: 'cast', e, type, style };
      }
      case 'CURRENT_TIMESTAMP':
        ts.next();
        return { k: 'call', name: 'GETDATE', args: [], distinct: false, star: false };
      case 'LEFT':
      case 'RIGHT':
        if (ts.isOp('(', 1)) return parseCall(ts, t.upper);
        throw ts.error();
      default:
    }
  }
  if (ts.isOp('(', 1) && !t.quoted) return parseCall(ts, t.upper);
  // Column reference: [db.][schema.][table.]column
  const parts = [ts.expectIdent()];
  while (ts.isOp('.')) {
    ts.next();
    if (ts.isOp('*')) {
      // qualifier.* is handled by the select-list parser; reaching here means misuse.
      throw ts.error();
    }
    parts.push(ts.expectIdent());
  }
  if (parts.length > 1 && ts.isOp('(')) throw unsupported(`user-defined functions (${parts.join('.')}) are`);
  const name = parts[parts.length - 1]!;
  const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { k: 'col', qualifier, name };
}

function parseCall(ts: TokenStream, name: string): Expr {
  ts.next();
  ts.expectOp('(');
  if (name === 'ROW_NUMBER') {
    ts.expectOp(')');
    ts.expectKeyword('OVER');
    ts.expectOp('(');
    const partitionBy: Expr[] = [];
    if (ts.acceptKeyword('PARTITION')) {
      ts.expectKeyword('BY');
      partitionBy.push(parseExpression(ts));
      while (ts.acceptOp(',')) partitionBy.push(parseExpression(ts));
    }
    ts.expectKeyword('ORDER');
    ts.expectKeyword('BY');
    const orderBy = parseOrderList(ts);
    ts.expectOp(')');
    return { k: 'rowNumber', partitionBy, orderBy };
  }
  let distinct = false;
  let star = false;
  const args: Expr[] = [];
  if (ts.isOp('*') && ts.isOp(')', 1)) {
    ts.next();
    star = true;
  } else if (!ts.isOp(')')) {
    distinct = ts.acceptKeyword('DISTINCT');
    ts.acceptKeyword('ALL');
    args.push(parseExpression(ts));
    while (ts.acceptOp(',')) args.push(parseExpression(ts));
  }
  ts.expectOp(')');
  if (ts.isKeyword('OVER')) throw unsupported(`window functions other than ROW_NUMBER() (${name} OVER) are`);
  return { k: 'call', name, args, distinct, star };
}

function parseCase(ts: TokenStream): Expr {
  ts.expectKeyword('CASE');
  const operand = ts.isKeyword('WHEN') ? undefined : parseExpression(ts);
  const whens: [Expr, Expr][] = [];
  while (ts.acceptKeyword('WHEN')) {
    const cond = parseExpression(ts);
    ts.expectKeyword('THEN');
    whens.push([cond, parseExpression(ts)]);
  }
  if (whens.length === 0) throw ts.error();
  const otherwise = ts.acceptKeyword('ELSE') ? parseExpression(ts) : undefined;
  ts.expectKeyword('END');
  return { k: 'case', operand, whens, else: otherwise };
}

export function parseOrderList(ts: TokenStream): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const e = parseExpression(ts);
    let desc = false;
    if (ts.acceptKeyword('DESC')) desc = true;
    else ts.acceptKeyword('ASC');
    items.push({ e, desc });
  } while (ts.acceptOp(','));
  return items;
}
