import type { Compiled, CompileContext } from './CompileContext';
import { convertValue, isFixedChar, pow10, type ConvertMode, type Stored } from './convertValue';
import { category, INT_RANGE, scaleOf, typeKey } from './sqlTypes';
import { fastConversion } from './fastConversion';
import type { SqlType } from './types';

/** SQL literal for a stored value. */
export function sqlLiteral(v: Stored): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return /[.eE]/.test(String(v)) ? String(v) : `${v}.0`;
  return `X'${v.toString('hex')}'`;
}

export function constant(value: Stored, type: SqlType): Compiled {
  return { sql: sqlLiteral(value), type, nullable: value === null, constant: { value } };
}

function intFits(from: SqlType, to: SqlType): boolean {
  const f = INT_RANGE[from.name];
  const t = INT_RANGE[to.name];
  if (from.name === 'bit') return true;
  return f !== undefined && t !== undefined && f[0] >= t[0] && f[1] <= t[1];
}

/**
 * Converts a compiled expression to `to`. Literals fold at compile time; cheap conversions stay plain
 * SQL (so indexes keep working); everything else calls uh_conv(x, id), which raises SQL Server's errors.
 */
export function convertExpr(
  c: Compiled,
  to: SqlType,
  mode: ConvertMode,
  ctx: CompileContext,
  style?: number,
): Compiled {
  if (c.constant !== undefined && c.constant.value === null)
    return { sql: 'NULL', type: to, nullable: true, constant: { value: null } };
  if (c.constant !== undefined) {
    try {
      return { ...constant(convertValue(c.constant.value, c.type, to, mode, style), to), name: c.name };
    } catch {
      // Raise at run time, when the statement executes (as SQL Server does).
    }
  }
  const fc = category(c.type);
  const tc = category(to);
  if (mode === 'assign' && isFixedChar(to) && !(c.column && typeKey(c.type) === typeKey(to))) {
    return {
      type: to,
      nullable: c.nullable,
      aggregate: c.aggregate,
      name: c.name,
      sql: `uh_conv(${c.sql}, ${ctx.conversions.id(c.type, to, mode, style)})`,
      trimmed: true,
    };
  }
  if (mode !== 'implicit' && c.trimmed && isFixedChar(c.type) && !isFixedChar(to)) {
    c = { ...c, sql: `uh_pad(${c.sql}, ${c.type.length})`, trimmed: false, column: false };
  }
  const base = { type: to, nullable: c.nullable, aggregate: c.aggregate, name: c.name };
  const keep = (): Compiled => ({ ...c, type: to, column: fc === 'str' && tc === 'str' ? c.column : false });
  const sameType = typeKey(c.type) === typeKey(to);
  if (sameType && style === undefined) return keep();
  if (style === undefined) {
    if (fc === 'str' && tc === 'str' && (mode === 'implicit' || isUnbounded(to))) return keep();
    if ((fc === 'int' || fc === 'bit') && tc === 'int' && (mode === 'implicit' || intFits(c.type, to)))
      return keep();
    if (fc === 'bit' && tc === 'bit') return keep();
    if ((fc === 'rv' && (tc === 'int' || tc === 'rv')) || (fc === 'int' && tc === 'rv')) return keep();
    if ((fc === 'int' || fc === 'bit') && tc === 'float') return { ...base, sql: `CAST(${c.sql} AS REAL)` };
    if (fc === 'float' && tc === 'float') return keep();
    if (fc === 'dec' && tc === 'float')
      return { ...base, sql: `(CAST(${c.sql} AS REAL) / ${pow10(scaleOf(c.type))}.0)` };
    if (mode === 'implicit' && (fc === 'int' || fc === 'bit') && tc === 'dec')
      return { ...base, sql: `(${c.sql} * ${pow10(scaleOf(to))})` };
    if (mode === 'implicit' && fc === 'dec' && tc === 'dec' && scaleOf(to) >= scaleOf(c.type)) {
      const d = scaleOf(to) - scaleOf(c.type);
      return d === 0 ? keep() : { ...base, sql: `(${c.sql} * ${pow10(d)})` };
    }
    if (fc === 'dt' && tc === 'dt') {
      const f = c.type.name;
      const t = to.name;
      const dtLike = (n: string): boolean => n === 'datetime' || n === 'smalldatetime';
      if (dtLike(f) && t === 'datetime') return keep();
      if (mode === 'implicit' && dtLike(f) && dtLike(t)) return keep();
      if (f === 'date' && dtLike(t)) return { ...base, sql: `(${c.sql} || ' 00:00:00.000')` };
      if (f === 'date' && t === 'datetime2') return { ...base, sql: `(${c.sql} || ' 00:00:00.0000000')` };
      if (dtLike(f) && t === 'datetime2') return { ...base, sql: `(${c.sql} || '0000')` };
      if (t === 'date' && f !== 'time') return { ...base, sql: `substr(${c.sql}, 1, 10)` };
    }
  }
  const fast = fastConversion(c, to, mode, ctx, style);
  if (fast !== undefined) return fast;
  const id = ctx.conversions.id(c.type, to, mode, style);
  return { ...base, sql: `uh_conv(${c.sql}, ${id})` };
}

function isUnbounded(t: SqlType): boolean {
  return t.name === 'varchar' || t.name === 'nvarchar'
    ? (t.length ?? 1) < 0
    : t.name === 'text' || t.name === 'ntext';
}
