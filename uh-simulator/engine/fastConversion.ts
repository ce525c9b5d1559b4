import type { Compiled, CompileContext } from './CompileContext';
import { isFixedChar, pow10, type ConvertMode } from './convertValue';
import { category, precisionOf, scaleOf } from './sqlTypes';
import type { SqlType } from './types';

/** The widest text each integer type converts to (sign included). */
const INT_WIDTH: Partial<Record<string, number>> = { tinyint: 3, smallint: 6, int: 11, bigint: 20 };

/**
 * Conversions written as plain SQLite expressions where their result is certain, instead of a call into
 * JavaScript (uh_conv) per row: reconciliation hashes a million rows through them. Each gives exactly what
 * convertValue gives (the tsqlCases cover both), and only where no error or truncation can arise; anything
 * else returns undefined and takes the general path.
 * - integer -> varchar/nvarchar wide enough: its decimal digits;
 * - decimal -> decimal of the same scale and no less precision: the stored scaled integer as it is;
 * - decimal -> varchar/nvarchar wide enough: sign, whole part, '.', `scale` digits ('-0.50');
 * - datetime/smalldatetime/date -> varchar/nvarchar, styles 23, 120, 121: a prefix of the stored text
 *   ('YYYY-MM-DD HH:MM:SS.fff' holds style 121; style 120 is its first 19 characters, 23 its first 10);
 * - binary -> varbinary(n): the first n bytes (binary to binary truncates on the right);
 * - binary of at most 6 bytes -> bigint: read big-endian by uh_bin_bigint (6 bytes cannot overflow).
 */
export function fastConversion(
  c: Compiled,
  to: SqlType,
  mode: ConvertMode,
  ctx: CompileContext,
  style: number | undefined,
): Compiled | undefined {
  if (mode === 'assign') return undefined;
  const from = c.type;
  const fc = category(from);
  const tc = category(to);
  const base = { type: to, nullable: c.nullable, aggregate: c.aggregate, name: c.name };
  const textWidth = (needed: number) =>
    tc === 'str' &&
    !isFixedChar(to) &&
    to.name !== 'text' &&
    to.name !== 'ntext' &&
    (to.length === undefined ? 30 : to.length < 0 ? Infinity : to.length) >= needed;
  if (style === undefined && fc === 'int' && textWidth(INT_WIDTH[from.name] ?? Infinity))
    return { ...base, sql: `CAST(${c.sql} AS TEXT)` };
  if (style === undefined && fc === 'dec' && from.name !== 'money' && from.name !== 'smallmoney') {
    const s = scaleOf(from);
    if (tc === 'dec' && scaleOf(to) === s && precisionOf(to) >= precisionOf(from) && to.name !== 'money')
      return { ...c, ...base };
    if (textWidth(precisionOf(from) + 2)) {
      if (s === 0) return { ...base, sql: `CAST(${c.sql} AS TEXT)` };
      const p = pow10(s).toString();
      const x = c.sql;
      return {
        ...base,
        sql: `((CASE WHEN ${x} < 0 THEN '-' ELSE '' END) || (abs(${x}) / ${p}) || '.' || substr('${'0'.repeat(s)}' || (abs(${x}) % ${p}), -${s}))`,
      };
    }
  }
  if (
    fc === 'dt' &&
    (from.name === 'datetime' || from.name === 'smalldatetime' || from.name === 'date') &&
    (style === 23 || style === 120 || style === 121) &&
    tc === 'str' &&
    !isFixedChar(to) &&
    to.name !== 'text' &&
    to.name !== 'ntext'
  ) {
    const prefix = from.name === 'date' || style === 23 ? 10 : style === 120 ? 19 : 23;
    const n = to.length === undefined || to.length < 0 ? prefix : Math.min(to.length, prefix);
    return { ...base, sql: `substr(${c.sql}, 1, ${n})` };
  }
  if (fc === 'bin' && to.name === 'varbinary' && to.length !== undefined && to.length > 0)
    return { ...base, sql: `substr(${c.sql}, 1, ${to.length})` };
  if (fc === 'bin' && to.name === 'bigint') {
    const fallback = ctx.conversions.id(from, to, mode, style);
    return { ...base, sql: `uh_bin_bigint(${c.sql}, ${fallback})` };
  }
  return undefined;
}
