import type { Expr } from './ast';
import { arithmetic } from './compileArithmetic';
import { compileFunction } from './compileFunction';
import { collationOf, compareKindOf, explicitCollation } from './collation';
import {
  comparable,
  comparison,
  inCollation,
  orderTerm,
  padded,
  resultType,
  unify,
} from './compiledOperands';
import {
  SYS,
  type Compiled,
  type CompileContext,
  type Scope,
  type Source,
  type SourceColumn,
} from './CompileContext';
import { constant, convertExpr, sqlLiteral } from './convertExpr';
import { decimalToScaled, isFixedChar } from './convertValue';
import { ERR, invalidColumn, sqlError, unsupported } from './sqlErrors';
import { category, higher, T } from './sqlTypes';
import type { SqlType } from './types';

const BIT: SqlType = T.bit;

export function compileExpr(e: Expr, scope: Scope, ctx: CompileContext): Compiled {
  switch (e.k) {
    case 'null':
      return { sql: 'NULL', type: T.int, nullable: true, constant: { value: null } };
    case 'str':
      return constant(
        e.v,
        e.national ? T.nvarchar(Math.max(1, e.v.length)) : T.varchar(Math.max(1, e.v.length)),
      );
    case 'num':
      return numberLiteral(e.text);
    case 'hex':
      return constant(Buffer.from(e.hex.length % 2 ? '0' + e.hex : e.hex, 'hex'), {
        name: 'varbinary',
        length: Math.max(1, Math.ceil(e.hex.length / 2)),
      });
    case 'param': {
      const v = ctx.variable(e.name);
      return { sql: v.key, type: v.type, nullable: true, trimmed: isFixedChar(v.type) };
    }
    case 'sysvar':
      return sysvar(e.name, ctx);
    case 'col':
      return resolveColumn(e.qualifier, e.name, scope);
    case 'unary':
      return unary(e.op, compileExpr(e.e, scope, ctx), ctx);
    case 'binop':
      if (e.op === 'AND' || e.op === 'OR')
        return {
          sql: `(${compileExpr(e.l, scope, ctx).sql} ${e.op} ${compileExpr(e.r, scope, ctx).sql})`,
          type: BIT,
          nullable: true,
        };
      if (['=', '<>', '<', '>', '<=', '>='].includes(e.op))
        return comparison(e.op, compileExpr(e.l, scope, ctx), compileExpr(e.r, scope, ctx), ctx);
      return arithmetic(e.op, compileExpr(e.l, scope, ctx), compileExpr(e.r, scope, ctx), ctx);
    case 'isnull':
      return {
        sql: `(${compileExpr(e.e, scope, ctx).sql} IS ${e.not ? 'NOT ' : ''}NULL)`,
        type: BIT,
        nullable: false,
      };
    case 'like': {
      const sql = likeSql(
        toString(compileExpr(e.e, scope, ctx), ctx),
        toString(compileExpr(e.pattern, scope, ctx), ctx),
      );
      return { sql: e.not ? `(NOT ${sql})` : sql, type: BIT, nullable: true };
    }
    case 'between': {
      const x = compileExpr(e.e, scope, ctx);
      const lo = comparison('>=', x, compileExpr(e.lo, scope, ctx), ctx);
      const hi = comparison('<=', x, compileExpr(e.hi, scope, ctx), ctx);
      const sql = `(${lo.sql} AND ${hi.sql})`;
      return { sql: e.not ? `(NOT ${sql})` : sql, type: BIT, nullable: true };
    }
    case 'in':
      return inPredicate(e, scope, ctx);
    case 'exists': {
      const sub = ctx.compileSelect(e.sub, scope);
      return { sql: `EXISTS (${sub.sql})`, type: BIT, nullable: false };
    }
    case 'subquery': {
      const sub = ctx.compileSelect(e.sub, scope);
      if (sub.columns.length !== 1)
        throw sqlError(
          116,
          'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.',
        );
      return { sql: `(${sub.sql})`, type: sub.columns[0]!.type, nullable: true };
    }
    case 'case':
      return caseExpr(e, scope, ctx);
    case 'call':
      return compileFunction(e, scope, ctx);
    case 'cast': {
      const style = e.style === undefined ? undefined : compileExpr(e.style, scope, ctx).constant?.value;
      if (e.style !== undefined && style === undefined) throw unsupported('a non-constant CONVERT style is');
      const c = compileExpr(e.e, scope, ctx);
      // A string converted to a string keeps its collation label (collation precedence: CAST and CONVERT).
      const keeps = category(c.type) === 'str' && category(e.type) === 'str';
      return {
        collation: keeps ? c.collation : undefined,
        ...convertExpr(
          c,
          e.type,
          'explicit',
          ctx,
          style === undefined || style === null ? undefined : Number(style),
        ),
        name: undefined,
      };
    }
    case 'rowNumber': {
      const partition = e.partitionBy.map((p) => compileExpr(p, scope, ctx).sql);
      const order = e.orderBy.map((o) => orderTerm(compileExpr(o.e, scope, ctx), o.desc));
      return {
        sql: `row_number() OVER (${partition.length ? `PARTITION BY ${partition.join(', ')} ` : ''}ORDER BY ${order.join(', ')})`,
        type: T.bigint,
        nullable: false,
      };
    }
    case 'collate':
      return collate(compileExpr(e.e, scope, ctx), e.collation);
  }
}

/**
 * expr COLLATE name (https://learn.microsoft.com/en-us/sql/t-sql/statements/collations): only on strings
 * (error 447), only with a collation's name (error 448); the value is unchanged, its comparisons follow the
 * collation (collation.ts).
 */
function collate(c: Compiled, name: string): Compiled {
  if (category(c.type) !== 'str')
    throw sqlError(447, `Expression type ${c.type.name} is invalid for COLLATE clause.`);
  return { ...c, collation: explicitCollation(name) };
}

/**
 * value LIKE pattern as SQL Server evaluates it: trailing blanks of the value are ignored, but a char(n)
 * value also matches with its padding ('    ' LIKE ' %' is true). On a stored char column with a constant
 * pattern the bare column is compared where padding cannot change the answer, so SQLite can use the
 * (NOCASE) index for a literal prefix.
 */
function likeSql(x: Compiled, p: Compiled): string {
  const pattern =
    p.constant !== undefined && typeof p.constant.value === 'string' ? p.constant.value : undefined;
  if (pattern?.includes('[')) throw unsupported('LIKE patterns with [...] character classes are');
  if (compareKindOf([x, p], 'like') !== 'ci') return exactLikeSql(x, pattern);
  if (pattern !== undefined && x.noTrailing) {
    // Padding spaces can only be matched by '_' or by literal spaces; with neither, the stored value decides.
    if (!pattern.includes(' ') && !pattern.includes('_')) return `(${x.sql} LIKE ${p.sql})`;
    const leading = /^( +)%$/.exec(pattern);
    if (leading && (x.type.length ?? 1) >= leading[1]!.length)
      return `(${x.sql} LIKE ${p.sql} OR ${x.sql} = '')`;
  }
  const v = padded(x);
  const q = padded(p);
  return `(rtrim(${v.sql}) LIKE ${q.sql} OR ${v.sql} LIKE ${q.sql})`;
}

/**
 * LIKE under a _BIN or _CS_ collation (matching follows the collation:
 * https://learn.microsoft.com/en-us/sql/t-sql/language-elements/like-transact-sql): SQLite's GLOB, which
 * is case-sensitive, over the pattern translated ('%' -> '*', '_' -> '?', GLOB's own '*' '?' bracketed).
 */
function exactLikeSql(x: Compiled, pattern: string | undefined): string {
  if (pattern === undefined)
    throw unsupported('LIKE with a non-literal pattern under a _BIN or _CS_ collation is');
  const glob = sqlLiteral(
    [...pattern]
      .map((ch) => (ch === '%' ? '*' : ch === '_' ? '?' : ch === '*' || ch === '?' ? `[${ch}]` : ch))
      .join(''),
  );
  const v = padded(x);
  return `(rtrim(${v.sql}) GLOB ${glob} OR ${v.sql} GLOB ${glob})`;
}

function numberLiteral(text: string): Compiled {
  if (/[eE]/.test(text)) return constant(Number(text), T.float);
  const digits = text.replace(/^-/, '');
  if (!digits.includes('.')) {
    const v = BigInt(text);
    if (v >= -2147483648n && v <= 2147483647n) return constant(v, T.int);
    return constant(v, T.numeric(Math.max(1, digits.replace(/^0+/, '').length), 0));
  }
  const [i = '', f = ''] = digits.split('.');
  const scale = f.length;
  const precision = Math.max(1, i.replace(/^0+/, '').length + scale);
  return constant(decimalToScaled(text, scale), T.numeric(Math.max(precision, scale), scale));
}

function sysvar(name: string, ctx: CompileContext): Compiled {
  switch (name) {
    case 'TRANCOUNT':
      return { sql: ctx.useSys(SYS.trancount), type: T.int, nullable: false };
    case 'ROWCOUNT':
      return { sql: ctx.useSys(SYS.rowcount), type: T.int, nullable: false };
    case 'SPID':
      return { sql: ctx.useSys(SYS.spid), type: { name: 'smallint' }, nullable: false };
    case 'DBTS':
      return { sql: 'uh_dbts()', type: { name: 'rowversion' }, nullable: false };
    case 'ERROR':
      return constant(0n, T.int);
    case 'IDENTITY':
      return { sql: 'NULL', type: T.int, nullable: true, constant: { value: null } };
    case 'VERSION':
      return constant('Microsoft SQL Server 2019 (UH simulator over SQLite)', T.nvarchar(300));
    case 'SERVERNAME':
      return constant('uh-simulator', T.nvarchar(128));
    case 'LANGUAGE':
      return constant('us_english', T.nvarchar(128));
    default:
      throw unsupported(`@@${name} is`);
  }
}

export function resolveColumn(qualifier: string | undefined, name: string, scope: Scope): Compiled {
  const lower = name.toLowerCase();
  const q = qualifier?.toLowerCase();
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    let found: { src: Source; col: SourceColumn } | undefined;
    let qualifierSeen = false;
    for (const src of s.sources) {
      if (q !== undefined && !src.names.includes(q)) continue;
      qualifierSeen = true;
      const col = src.byName.get(lower);
      if (col === undefined) continue;
      if (found !== undefined) throw sqlError(ERR.AMBIGUOUS_COLUMN, `Ambiguous column name '${name}'.`);
      found = { src, col };
    }
    if (found !== undefined) {
      const { src, col } = found;
      return {
        sql: `${src.sqlAlias}."${col.name}"`,
        type: col.type,
        nullable: col.nullable || src.outer,
        column: true,
        name: col.display ?? col.name,
        trimmed: isFixedChar(col.type),
        noTrailing: src.stored === true && isFixedChar(col.type),
      };
    }
    if (q !== undefined && qualifierSeen) throw invalidColumn(name);
  }
  if (q !== undefined)
    throw sqlError(4104, `The multi-part identifier "${qualifier}.${name}" could not be bound.`);
  throw invalidColumn(name);
}

function unary(op: string, c: Compiled, ctx: CompileContext): Compiled {
  switch (op) {
    case 'NOT':
      return { sql: `(NOT ${c.sql})`, type: BIT, nullable: c.nullable };
    case '+':
      return c;
    case '-': {
      const cat = category(c.type);
      if (cat === 'str') return unary('-', convertExpr(c, T.int, 'implicit', ctx), ctx);
      return { sql: `(-${c.sql})`, type: c.type, nullable: c.nullable };
    }
    default: {
      // ~ : bitwise NOT; on bit it flips 0/1.
      if (c.type.name === 'bit') return { sql: `(1 - ${c.sql})`, type: BIT, nullable: c.nullable };
      return { sql: `(~${c.sql})`, type: c.type, nullable: c.nullable };
    }
  }
}

function toString(c: Compiled, ctx: CompileContext): Compiled {
  return category(c.type) === 'str' ? c : convertExpr(c, T.varchar(30), 'implicit', ctx);
}

function inPredicate(e: Extract<Expr, { k: 'in' }>, scope: Scope, ctx: CompileContext): Compiled {
  const x = compileExpr(e.e, scope, ctx);
  let sql: string;
  if (e.sub !== undefined) {
    const sub = ctx.compileSelect(e.sub, scope);
    if (sub.columns.length !== 1)
      throw sqlError(
        116,
        'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.',
      );
    const subType = sub.columns[0]!.type;
    const probe = { sql: 'x', type: subType, nullable: true };
    const [l] = unify(x, probe, ctx);
    const coll = inCollation(l, compareKindOf([l], '='));
    sql =
      category(l.type) === 'str' ? `(${comparable(l)}${coll} IN (${sub.sql}))` : `(${l.sql} IN (${sub.sql}))`;
  } else {
    const items = e.list!.map((i) => compileExpr(i, scope, ctx));
    let target = x.type;
    for (const i of items) if (i.constant?.value !== null) target = higher(target, i.type);
    const conv = (c: Compiled): Compiled => unify(c, { sql: '', type: target, nullable: true }, ctx)[0];
    const l = conv(x);
    const coll = inCollation(l, compareKindOf([l, ...items], '='));
    sql =
      category(l.type) === 'str'
        ? `(${comparable(l)}${coll} IN (${items.map((i) => comparable(conv(i))).join(', ')}))`
        : `(${l.sql} IN (${items.map((i) => conv(i).sql).join(', ')}))`;
  }
  return { sql: e.not ? `(NOT ${sql})` : sql, type: BIT, nullable: true };
}

function caseExpr(e: Extract<Expr, { k: 'case' }>, scope: Scope, ctx: CompileContext): Compiled {
  const operand = e.operand === undefined ? undefined : compileExpr(e.operand, scope, ctx);
  const conds = e.whens.map(([w]) =>
    operand === undefined
      ? compileExpr(w, scope, ctx)
      : comparison('=', operand, compileExpr(w, scope, ctx), ctx),
  );
  const results = e.whens.map(([, r]) => compileExpr(r, scope, ctx));
  const otherwise = e.else === undefined ? undefined : compileExpr(e.else, scope, ctx);
  const all = otherwise === undefined ? results : [...results, otherwise];
  const type = resultType(all);
  const conv = (c: Compiled): string => convertExpr(c, type, 'implicit', ctx).sql;
  const whens = conds.map((c, i) => `WHEN ${c.sql} THEN ${conv(results[i]!)}`).join(' ');
  return {
    sql: `(CASE ${whens}${otherwise === undefined ? '' : ` ELSE ${conv(otherwise)}`} END)`,
    type,
    nullable: true,
    collation: collationOf(all, 'case'),
  };
}
