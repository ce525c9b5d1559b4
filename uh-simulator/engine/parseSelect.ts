import type {
  Cte,
  Expr,
  FromClause,
  Join,
  ObjectName,
  OrderItem,
  Select,
  SelectItem,
  TableSource,
} from './ast';
import { parseExpression, parseOrderList } from './parseExpression';
import { unsupported } from './sqlErrors';
import type { TokenStream } from './TokenStream';

/** [WITH cte AS (...)] SELECT ... [UNION [ALL] | EXCEPT | INTERSECT SELECT ...] [ORDER BY ... [OFFSET/FETCH]] */
export function parseSelect(ts: TokenStream): Select {
  const ctes: Cte[] = [];
  if (ts.acceptKeyword('WITH')) {
    do {
      const name = ts.expectIdent();
      let columns: string[] | undefined;
      if (ts.acceptOp('(')) {
        columns = [ts.expectIdent()];
        while (ts.acceptOp(',')) columns.push(ts.expectIdent());
        ts.expectOp(')');
      }
      ts.expectKeyword('AS');
      ts.expectOp('(');
      const select = parseSelect(ts);
      ts.expectOp(')');
      ctes.push({ name, columns, select });
    } while (ts.acceptOp(','));
    if (!ts.isKeyword('SELECT')) throw unsupported('common table expressions before anything but SELECT are');
  }
  const core = parseSelectCore(ts);
  const compound: { op: 'UNION' | 'UNION ALL' | 'EXCEPT' | 'INTERSECT'; select: Select }[] = [];
  for (;;) {
    let op: 'UNION' | 'UNION ALL' | 'EXCEPT' | 'INTERSECT';
    if (ts.acceptKeyword('UNION')) op = ts.acceptKeyword('ALL') ? 'UNION ALL' : 'UNION';
    else if (ts.acceptKeyword('EXCEPT')) op = 'EXCEPT';
    else if (ts.acceptKeyword('INTERSECT')) op = 'INTERSECT';
    else break;
    compound.push({ op, select: parseSelectCore(ts) });
  }
  const tail = parseOrderTail(ts);
  if (ts.isKeyword('FOR')) throw unsupported('FOR XML/JSON is');
  if (ts.isKeyword('OPTION')) throw unsupported('OPTION (query hints) is');
  return { ...core, ...tail, compound, ctes };
}

function parseSelectCore(ts: TokenStream): Select {
  ts.expectKeyword('SELECT');
  let distinct = false;
  if (ts.acceptKeyword('DISTINCT')) distinct = true;
  else ts.acceptKeyword('ALL');
  const top = parseTop(ts);
  const items = parseSelectItems(ts);
  if (ts.isKeyword('INTO')) throw unsupported('SELECT ... INTO is');
  const from = ts.acceptKeyword('FROM') ? parseFrom(ts) : undefined;
  const where = ts.acceptKeyword('WHERE') ? parseExpression(ts) : undefined;
  const groupBy: Expr[] = [];
  if (ts.acceptKeyword('GROUP', 'BY')) {
    do groupBy.push(parseExpression(ts));
    while (ts.acceptOp(','));
  }
  const having = ts.acceptKeyword('HAVING') ? parseExpression(ts) : undefined;
  return {
    k: 'select',
    distinct,
    top,
    items,
    from,
    where,
    groupBy,
    having,
    orderBy: [],
    offset: undefined,
    fetch: undefined,
    compound: [],
    ctes: [],
  };
}

function parseOrderTail(ts: TokenStream): {
  orderBy: OrderItem[];
  offset: Expr | undefined;
  fetch: Expr | undefined;
} {
  let orderBy: OrderItem[] = [];
  let offset: Expr | undefined;
  let fetch: Expr | undefined;
  if (ts.acceptKeyword('ORDER', 'BY')) {
    orderBy = parseOrderList(ts);
    if (ts.acceptKeyword('OFFSET')) {
      offset = parseExpression(ts);
      if (!ts.acceptKeyword('ROWS') && !ts.acceptKeyword('ROW')) throw ts.error();
      if (ts.acceptKeyword('FETCH')) {
        if (!ts.acceptKeyword('NEXT') && !ts.acceptKeyword('FIRST')) throw ts.error();
        fetch = parseExpression(ts);
        if (!ts.acceptKeyword('ROWS') && !ts.acceptKeyword('ROW')) throw ts.error();
        ts.expectKeyword('ONLY');
      }
    }
  }
  return { orderBy, offset, fetch };
}

export function parseTop(ts: TokenStream): Expr | undefined {
  if (!ts.acceptKeyword('TOP')) return undefined;
  let top: Expr;
  if (ts.acceptOp('(')) {
    top = parseExpression(ts);
    ts.expectOp(')');
  } else {
    const t = ts.next();
    if (t.kind === 'number') top = { k: 'num', text: t.text };
    else if (t.kind === 'param') top = { k: 'param', name: t.text };
    else throw ts.error();
  }
  if (ts.isKeyword('PERCENT')) throw unsupported('TOP ... PERCENT is');
  if (ts.isKeyword('WITH') && ts.isKeyword('TIES', 1)) throw unsupported('TOP ... WITH TIES is');
  return top;
}

function parseSelectItems(ts: TokenStream): SelectItem[] {
  const items: SelectItem[] = [];
  do {
    if (ts.isOp('*')) {
      ts.next();
      items.push({ k: 'star', qualifier: undefined });
      continue;
    }
    if (ts.isIdent() && ts.isOp('.', 1) && ts.isOp('*', 2)) {
      const qualifier = ts.expectIdent();
      ts.next();
      ts.next();
      items.push({ k: 'star', qualifier });
      continue;
    }
    if (ts.isIdent() && ts.isIdent(2) && ts.isOp('.', 1) && ts.isOp('.', 3) && ts.isOp('*', 4)) {
      ts.next();
      ts.next();
      const qualifier = ts.expectIdent();
      ts.next();
      ts.next();
      items.push({ k: 'star', qualifier });
      continue;
    }
    const t = ts.peek();
    if (t.kind === 'param' && ts.isOp('=', 1)) {
      ts.next();
      ts.next();
      items.push({ k: 'assign', variable: t.text, e: parseExpression(ts) });
      continue;
    }
    if ((ts.isIdent() || t.kind === 'string') && ts.isOp('=', 1)) {
      ts.next();
      ts.next();
      items.push({ k: 'expr', e: parseExpression(ts), alias: t.text });
      continue;
    }
    const e = parseExpression(ts);
    items.push({ k: 'expr', e, alias: parseAlias(ts) });
  } while (ts.acceptOp(','));
  return items;
}

/** `[AS] alias`, where alias is an identifier or a string literal ('Maintainable'). */
export function parseAlias(ts: TokenStream): string | undefined {
  if (ts.acceptKeyword('AS')) {
    const t = ts.peek();
    if (t.kind === 'string') {
      ts.next();
      return t.text;
    }
    return ts.expectIdent();
  }
  const t = ts.peek();
  if (t.kind === 'string') {
    ts.next();
    return t.text;
  }
  if (ts.isIdent()) return ts.expectIdent();
  return undefined;
}

export function parseObjectName(ts: TokenStream): ObjectName {
  const start = ts.peek();
  const parts = [ts.expectIdent()];
  while (ts.isOp('.')) {
    ts.next();
    // uhtlive..property: empty schema means dbo
    if (ts.isOp('.')) {
      parts.push('');
      continue;
    }
    parts.push(ts.expectIdent());
  }
  if (parts.length > 3) throw unsupported('four-part (linked server) names are');
  const written = parts.join('.');
  if (start.kind === 'ident' && start.text.startsWith('#')) throw unsupported('temporary tables are');
  const name = parts[parts.length - 1]!;
  const schema = parts.length >= 2 ? parts[parts.length - 2] || undefined : undefined;
  const database = parts.length === 3 ? parts[0] : undefined;
  return { database, schema, name, written };
}

function parseTableSource(ts: TokenStream): TableSource {
  if (ts.acceptOp('(')) {
    if (!ts.isKeyword('SELECT')) throw ts.error();
    const select = parseSelect(ts);
    ts.expectOp(')');
    const alias = parseAlias(ts);
    if (alias === undefined) throw ts.error();
    return { k: 'derived', select, alias };
  }
  if (ts.peek().kind === 'param') throw unsupported('table variables are');
  const name = parseObjectName(ts);
  if (ts.isOp('(') && !isBareHint(ts)) throw unsupported(`table-valued functions (${name.written}) are`);
  let alias: string | undefined;
  if (!ts.isKeyword('WITH')) alias = parseAlias(ts);
  const hints = parseTableHints(ts);
  return { k: 'table', name, alias, updlock: hints.has('UPDLOCK') || hints.has('XLOCK') };
}

const HINTS = [
  'NOLOCK',
  'READUNCOMMITTED',
  'ROWLOCK',
  'UPDLOCK',
  'HOLDLOCK',
  'READPAST',
  'READCOMMITTED',
  'XLOCK',
  'PAGLOCK',
  'TABLOCK',
];

function isBareHint(ts: TokenStream): boolean {
  return ts.isOp('(') && ts.peek(1).kind === 'ident' && HINTS.includes(ts.peek(1).upper);
}

/**
 * WITH (NOLOCK), WITH (UPDLOCK, ROWLOCK, INDEX(x)), or the old `(NOLOCK)` form: the hint names (upper case,
 * at the top level of the list). Only UPDLOCK and XLOCK change anything (update locks, see
 * SessionTransaction.readLocked); the rest are accepted and ignored (reads never block here).
 */
function parseTableHints(ts: TokenStream): Set<string> {
  const names = new Set<string>();
  const withKw = ts.isKeyword('WITH') && ts.isOp('(', 1);
  const bare = !withKw && isBareHint(ts);
  if (!withKw && !bare) return names;
  if (withKw) ts.next();
  ts.expectOp('(');
  let depth = 1;
  while (depth > 0) {
    const t = ts.next();
    if (t.kind === 'eof') throw ts.error();
    if (t.kind === 'op' && t.text === '(') depth++;
    if (t.kind === 'op' && t.text === ')') depth--;
    if (depth === 1 && t.kind === 'ident') names.add(t.upper);
  }
  return names;
}

export function parseFrom(ts: TokenStream): FromClause {
  const first = parseTableSource(ts);
  const joins: Join[] = [];
  for (;;) {
    if (ts.acceptOp(',')) {
      joins.push({ type: 'cross', source: parseTableSource(ts), on: undefined });
      continue;
    }
    if (ts.acceptKeyword('CROSS')) {
      if (ts.isKeyword('APPLY')) throw unsupported('CROSS APPLY is');
      ts.expectKeyword('JOIN');
      joins.push({ type: 'cross', source: parseTableSource(ts), on: undefined });
      continue;
    }
    if (ts.isKeyword('OUTER') && ts.isKeyword('APPLY', 1)) throw unsupported('OUTER APPLY is');
    if (ts.isKeyword('RIGHT') || ts.isKeyword('FULL')) throw unsupported(`${ts.peek().upper} JOIN is`);
    let type: 'inner' | 'left' | undefined;
    if (ts.acceptKeyword('JOIN') || ts.acceptKeyword('INNER', 'JOIN')) type = 'inner';
    else if (ts.acceptKeyword('LEFT', 'JOIN') || ts.acceptKeyword('LEFT', 'OUTER', 'JOIN')) type = 'left';
    if (type === undefined) return { first, joins };
    const source = parseTableSource(ts);
    ts.expectKeyword('ON');
    joins.push({ type, source, on: parseExpression(ts) });
  }
}
