import { compareKindOf, type CompareKind } from './collation';
import type { Compiled, CompileContext } from './CompileContext';
import { convertExpr, sqlLiteral } from './convertExpr';
import { isFixedChar } from './convertValue';
import { category, higher, isNational, precisionOf, scaleOf, T } from './sqlTypes';
import type { SqlType } from './types';

/**
 * What the compilers do to operands they already hold (compiled expressions): padding, ordering, bringing
 * two to a common type, comparing, the result type of branches. Kept apart from compileExpr so the
 * compilers it dispatches to (functions, arithmetic, selects) can use them without importing it back.
 */
const BIT: SqlType = T.bit;

/** The value with its char(n) padding restored (a no-op for anything but stored char values). */
export function padded(c: Compiled): Compiled {
  if (!c.trimmed || !isFixedChar(c.type)) return c;
  return { ...c, sql: `uh_pad(${c.sql}, ${c.type.length})`, trimmed: false, column: false };
}

/**
 * ORDER BY term: strings sort case-insensitively (NOCASE), like SQL Server's default collation; under an
 * explicit _BIN collation by code point, under a _CS_ one case-insensitively then lower case first.
 */
export function orderTerm(c: Compiled, desc: boolean): string {
  const dir = desc ? ' DESC' : '';
  if (category(c.type) !== 'str') return `${c.sql}${dir}`;
  const kind = c.collation?.kind ?? 'ci';
  if (kind === 'bin') return `${c.sql} COLLATE BINARY${dir}`;
  if (kind === 'cs') return `${c.sql} COLLATE NOCASE${dir}, ${c.sql} COLLATE BINARY${desc ? '' : ' DESC'}`;
  return `${c.sql} COLLATE NOCASE${dir}`;
}

/** Brings two operands to their common type (SQL Server's precedence), aligning decimal scales. */
export function unify(l: Compiled, r: Compiled, ctx: CompileContext): [Compiled, Compiled] {
  if (l.constant?.value === null || r.constant?.value === null) return [l, r];
  let target = higher(l.type, r.type);
  if (category(l.type) === 'str' && category(r.type) === 'str') return [l, r];
  if (category(target) === 'dec') {
    const s = Math.max(
      category(l.type) === 'dec' ? scaleOf(l.type) : 0,
      category(r.type) === 'dec' ? scaleOf(r.type) : 0,
    );
    target = T.numeric(38, s);
  }
  return [convertExpr(l, target, 'implicit', ctx), convertExpr(r, target, 'implicit', ctx)];
}

/**
 * A string operand as compared: SQL Server ignores trailing spaces and (default collation) case. Stored
 * char columns already lack trailing spaces, so they stay bare and their NOCASE indexes stay usable.
 */
export function comparable(c: Compiled): string {
  if (c.constant !== undefined && typeof c.constant.value === 'string')
    return sqlLiteral(c.constant.value.trimEnd());
  return c.noTrailing ? c.sql : `rtrim(${c.sql})`;
}

export function comparison(op: string, left: Compiled, right: Compiled, ctx: CompileContext): Compiled {
  const [l, r] = unify(left, right, ctx);
  const nullable = l.nullable || r.nullable;
  if (category(l.type) === 'str' && category(r.type) === 'str')
    return { sql: stringComparison(op, l, r, compareKindOf([l, r], op)), type: BIT, nullable };
  return { sql: `(${l.sql} ${op} ${r.sql})`, type: BIT, nullable };
}

/**
 * Two strings compared under the collation precedence chose. Default (case-insensitive): NOCASE; binary,
 * and equality under a case-sensitive collation: BINARY; ordering under a case-sensitive collation:
 * uh_compare_cs (case-insensitively first, then lower case first). The COLLATE goes on the left operand:
 * SQLite takes an explicit COLLATE from anywhere inside an operand (a NULLIF's, a CASE's), the left
 * operand's first. Only a bare stored char column compared with operands free of COLLATE is left without
 * one: it brings its own NOCASE collation, and an explicit COLLATE would hide it from SQLite's OR/IN index
 * planning.
 */
function stringComparison(op: string, l: Compiled, r: Compiled, kind: CompareKind): string {
  if (kind === 'cs' && op !== '=' && op !== '<>')
    return `(uh_compare_cs(${comparable(l)}, ${comparable(r)}) ${op} 0)`;
  const bare = (l.noTrailing || r.noTrailing) && !`${l.sql} ${r.sql}`.includes(' COLLATE ');
  const coll = kind !== 'ci' ? ' COLLATE BINARY' : bare ? '' : ' COLLATE NOCASE';
  return `(${comparable(l)}${coll} ${op} ${comparable(r)})`;
}

/** The COLLATE a string IN (...) list compares under (NOCASE for the default but on a bare stored char column). */
export function inCollation(l: Compiled, kind: CompareKind): string {
  return kind !== 'ci' ? ' COLLATE BINARY' : l.noTrailing ? '' : ' COLLATE NOCASE';
}

/** Result type of CASE/COALESCE branches: highest precedence; strings take the longest length; decimals the widest scale. */
export function resultType(items: readonly Compiled[]): SqlType {
  const typed = items.filter((c) => c.constant?.value !== null);
  if (typed.length === 0) return T.int;
  let t = typed[0]!.type;
  for (const c of typed.slice(1)) t = higher(t, c.type);
  const cat = category(t);
  if (cat === 'str') {
    const strs = typed.filter((c) => category(c.type) === 'str');
    const lengths = strs.map((c) => c.type.length ?? 1);
    const length = lengths.some((n) => n < 0) ? -1 : Math.max(...lengths);
    const national = strs.some((c) => isNational(c.type));
    if (strs.every((c) => c.type.name === 'char' || c.type.name === 'nchar') && length > 0)
      return { name: national ? 'nchar' : 'char', length };
    return national ? T.nvarchar(length) : T.varchar(length);
  }
  if (cat === 'dec') {
    const s = Math.max(...typed.map((c) => (category(c.type) === 'dec' ? scaleOf(c.type) : 0)));
    const ip = Math.max(
      ...typed.map((c) => precisionOf(c.type) - (category(c.type) === 'dec' ? scaleOf(c.type) : 0)),
    );
    return t.name === 'money' ? t : T.numeric(ip + s, s);
  }
  return t;
}
