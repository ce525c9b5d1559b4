import { collationOf } from './collation';
import type { Compiled, CompileContext } from './CompileContext';
import { padded } from './compiledOperands';
import { convertExpr } from './convertExpr';
import { pow10 } from './convertValue';
import { unsupported } from './sqlErrors';
import { category, higher, isNational, precisionOf, scaleOf, T } from './sqlTypes';
import type { SqlType } from './types';

/** + - * / % & | ^ with SQL Server's result types; strings concatenate, decimals stay exact. */
export function arithmetic(op: string, l: Compiled, r: Compiled, ctx: CompileContext): Compiled {
  const nullable = l.nullable || r.nullable;
  const lc = category(l.type);
  const rc = category(r.type);
  if (op === '+' && lc === 'str' && rc === 'str') {
    l = padded(l);
    r = padded(r);
    const len = (t: SqlType): number => (t.length === undefined || t.length < 0 ? 8000 : t.length);
    const national = isNational(l.type) || isNational(r.type);
    const length = Math.min(national ? 4000 : 8000, len(l.type) + len(r.type));
    return {
      sql: `(${l.sql} || ${r.sql})`,
      type: national ? T.nvarchar(length) : T.varchar(length),
      nullable,
      collation: collationOf([l, r], 'add'),
    };
  }
  if (lc === 'dt' || rc === 'dt') throw unsupported('date arithmetic with + and - is');
  if (op === '&' || op === '|' || op === '^') {
    const target = higher(l.type, r.type);
    const sql = op === '^' ? `((${l.sql} | ${r.sql}) - (${l.sql} & ${r.sql}))` : `(${l.sql} ${op} ${r.sql})`;
    return { sql, type: target, nullable };
  }
  let target = higher(l.type, r.type);
  if (category(target) === 'str') target = T.int;
  const tc = category(target);
  if (tc === 'float') {
    const a = convertExpr(l, T.float, 'implicit', ctx);
    const b = convertExpr(r, T.float, 'implicit', ctx);
    if (op === '/') return { sql: `uh_div(${a.sql}, ${b.sql})`, type: T.float, nullable: true };
    return { sql: `(${a.sql} ${op} ${b.sql})`, type: T.float, nullable };
  }
  if (tc === 'dec') return decimalArithmetic(op, l, r, ctx, nullable);
  // integers (and bit, which SQL Server promotes the same way)
  const type = target.name === 'bit' ? T.int : target;
  const a = convertExpr(l, type, 'implicit', ctx);
  const b = convertExpr(r, type, 'implicit', ctx);
  if (op === '/' || op === '%') {
    const nonZero =
      b.constant !== undefined && b.constant.value !== null && BigInt(b.constant.value as bigint) !== 0n;
    if (nonZero) return { sql: `(${a.sql} ${op} ${b.sql})`, type, nullable };
    return { sql: `${op === '/' ? 'uh_div' : 'uh_mod'}(${a.sql}, ${b.sql})`, type, nullable: true };
  }
  return { sql: `(${a.sql} ${op} ${b.sql})`, type, nullable };
}

/** Exact decimal arithmetic on scaled integers, with SQL Server's result precision/scale rules. */
function decimalArithmetic(
  op: string,
  l: Compiled,
  r: Compiled,
  ctx: CompileContext,
  nullable: boolean,
): Compiled {
  const asDec = (c: Compiled): Compiled =>
    category(c.type) === 'dec' ? c : convertExpr(c, T.numeric(precisionOf(c.type), 0), 'implicit', ctx);
  const a = asDec(l);
  const b = asDec(r);
  const p1 = precisionOf(a.type);
  const s1 = scaleOf(a.type);
  const p2 = precisionOf(b.type);
  const s2 = scaleOf(b.type);
  switch (op) {
    case '+':
    case '-':
    case '%': {
      const s = Math.max(s1, s2);
      const p = Math.max(p1 - s1, p2 - s2) + s + 1;
      const x = convertExpr(a, T.numeric(38, s), 'implicit', ctx);
      const y = convertExpr(b, T.numeric(38, s), 'implicit', ctx);
      if (op === '%') return { sql: `uh_mod(${x.sql}, ${y.sql})`, type: T.numeric(p, s), nullable: true };
      return { sql: `(${x.sql} ${op} ${y.sql})`, type: T.numeric(p, s), nullable };
    }
    case '*': {
      let s = s1 + s2;
      let sql = `(${a.sql} * ${b.sql})`;
      // Keep the scaled integer within 64 bits: SQL Server caps precision at 38 and trims scale similarly.
      if (s > 12) {
        sql = `uh_rescale(${sql}, ${s}, 12)`;
        s = 12;
      }
      return { sql, type: T.numeric(p1 + p2 + 1, s), nullable };
    }
    case '/': {
      let s = Math.max(6, s1 + p2 + 1);
      if (s > 12) s = Math.max(6, Math.min(s, 12));
      // result = a * 10^(s - s1 + s2) / b, truncated like SQL Server.
      const k = s - s1 + s2;
      return {
        sql: `uh_decdiv(${a.sql}, ${b.sql}, ${pow10(k)})`,
        type: T.numeric(p1 - s1 + s2 + s, s),
        nullable: true,
      };
    }
    default:
      throw unsupported(`operator ${op} on decimals is`);
  }
}
