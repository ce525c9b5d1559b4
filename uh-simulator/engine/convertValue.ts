import { formatDateStyle, formatUtcDate, toDateStorage, type DateKind } from './dates';
import { ERR, sqlError, truncation } from './sqlErrors';
import { category, INT_RANGE, isNational, precisionOf, scaleOf } from './sqlTypes';
import type { SqlType } from './types';

/** A value as SQLite holds it (see sqlTypes.ts Category). */
export type Stored = null | string | number | bigint | Buffer;

/**
 * implicit: comparisons and expression operands (no length rules);
 * assign: INSERT/UPDATE into a column (char padded, longer non-space text -> 8152);
 * explicit: CAST/CONVERT (strings silently cut to the target length).
 */
export type ConvertMode = 'implicit' | 'assign' | 'explicit';

const POW10: bigint[] = [];
for (let i = 0n, p = 1n; i <= 40n; i++, p *= 10n) POW10.push(p);
export function pow10(n: number): bigint {
  return POW10[n]!;
}

/** Rounds half away from zero, as SQL Server does when a decimal loses scale. */
export function rescale(v: bigint, from: number, to: number): bigint {
  if (to >= from) return v * pow10(to - from);
  const div = pow10(from - to);
  const q = v / div;
  const r = v % div;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= div) return v < 0n ? q - 1n : q + 1n;
  return q;
}

export function scaledToDecimal(v: bigint, scale: number): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

const DECIMAL_TEXT = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** Exact text -> scaled integer, or null when the text is not a plain decimal number. */
export function decimalToScaled(text: string, scale: number): bigint | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const intPart = m[2] || '0';
  const fracPart = m[3] ?? '';
  const v = BigInt(intPart + fracPart) * (m[1] === '-' ? -1n : 1n);
  return rescale(v, fracPart.length, scale);
}

function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
}

function sourceLabel(t: SqlType): string {
  return t.name === 'char' || t.name === 'text'
    ? 'varchar'
    : t.name === 'nchar' || t.name === 'ntext'
      ? 'nvarchar'
      : t.name;
}

function convertFailed(v: string, from: SqlType, to: SqlType): Error {
  return sqlError(
    ERR.CONVERT_FAILED,
    `Conversion failed when converting the ${sourceLabel(from)} value '${v}' to data type ${to.name}.`,
  );
}

function overflow(to: SqlType): Error {
  const target = to.name === 'decimal' || to.name === 'numeric' ? 'numeric' : to.name;
  return sqlError(ERR.OVERFLOW, `Arithmetic overflow error converting expression to data type ${target}.`);
}

function checkIntRange(v: bigint, to: SqlType): bigint {
  const range = INT_RANGE[to.name];
  if (range && (v < range[0] || v > range[1])) throw overflow(to);
  return v;
}

function checkPrecision(v: bigint, to: SqlType): bigint {
  const p = precisionOf(to);
  const limit = pow10(p);
  if (v >= limit || v <= -limit) {
    if (to.name === 'money' || to.name === 'smallmoney')
      throw sqlError(
        ERR.OVERFLOW,
        `Arithmetic overflow error converting expression to data type ${to.name}.`,
      );
    throw sqlError(ERR.OVERFLOW, 'Arithmetic overflow error converting numeric to data type numeric.');
  }
  return v;
}

/**
 * char(n)/nchar(n) columns store their value without trailing spaces: comparisons ignore them anyway
 * (RTRIM collation), UH tables are full of char(200) blanks, and the padding is restored wherever a
 * value is read (result decoders, uh_pad in expressions). Observably the same as SQL Server's padding.
 */
export function isFixedChar(t: SqlType): boolean {
  return (t.name === 'char' || t.name === 'nchar') && t.length !== undefined && t.length > 0;
}

/** Length rules for strings; `n` < 0 means (max). */
function fitString(s: string, to: SqlType, mode: ConvertMode): string {
  const n = to.length ?? (to.name === 'text' || to.name === 'ntext' ? -1 : 1);
  if (n < 0) return s;
  if (s.length > n) {
    if (mode === 'assign' && s.slice(n).trimEnd() !== '') throw truncation();
    s = s.slice(0, n);
  }
  const fixed = to.name === 'char' || to.name === 'nchar';
  // char(n) is stored without its trailing spaces (see isFixedChar); an explicit CONVERT yields the padded value.
  if (fixed && mode === 'assign') return s.trimEnd();
  if (fixed && mode === 'explicit' && s.length < n) s = s.padEnd(n, ' ');
  return s;
}

function bufferToBig(b: Buffer): bigint {
  let v = 0n;
  for (const byte of b) v = (v << 8n) | BigInt(byte);
  return v;
}

export function bigToBuffer(v: bigint | number, length = 8): Buffer {
  const b = Buffer.alloc(length);
  let x = BigInt(v);
  for (let i = length - 1; i >= 0; i--) {
    b[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return b;
}

function formatFloat(v: number): string {
  return String(v);
}

/** Converts a stored value between SQL Server types, raising SQL Server's errors. */
export function convertValue(
  v: Stored,
  from: SqlType,
  to: SqlType,
  mode: ConvertMode,
  style?: number,
): Stored {
  if (v === null) return null;
  const fc = category(from);
  const tc = category(to);
  switch (tc) {
    case 'str': {
      let s: string;
      switch (fc) {
        case 'str':
        case 'guid':
          s = String(v);
          break;
        case 'int':
        case 'bit':
          s = toBig(v as number).toString();
          break;
        case 'dec':
          s = scaledToDecimal(toBig(v as number), scaleOf(from));
          break;
        case 'float':
          s = formatFloat(Number(v));
          break;
        case 'dt':
          s = formatDateStyle(
            String(v),
            from.name as DateKind,
            style ?? (from.name === 'date' || from.name === 'datetime2' || from.name === 'time' ? 121 : 0),
          );
          break;
        case 'rv':
          s = bigToBuffer(v as bigint).toString('latin1');
          break;
        case 'bin':
          s = (v as Buffer).toString(isNational(to) ? 'utf16le' : 'latin1');
          break;
      }
      return fitString(s, to, mode);
    }
    case 'int':
    case 'bit': {
      let n: bigint;
      switch (fc) {
        case 'int':
        case 'bit':
        case 'rv':
          n = toBig(v as number);
          break;
        case 'dec':
          n = toBig(v as number) / pow10(scaleOf(from));
          break;
        case 'float':
          n = BigInt(Math.trunc(Number(v)));
          break;
        case 'str': {
          const s = String(v).trim();
          if (tc === 'bit') {
            const u = s.toUpperCase();
            if (u === 'TRUE') return 1n;
            if (u === 'FALSE') return 0n;
          }
          if (!/^[+-]?\d+$/.test(s)) {
            if (s === '') return 0n;
            throw convertFailed(String(v), from, to);
          }
          n = BigInt(s);
          break;
        }
        case 'bin':
          n = bufferToBig(v as Buffer);
          break;
        default:
          throw explicitOnly(from, to);
      }
      if (tc === 'bit') return n === 0n ? 0n : 1n;
      return checkIntRange(n, to);
    }
    case 'dec': {
      const s = scaleOf(to);
      let n: bigint;
      switch (fc) {
        case 'int':
        case 'bit':
          n = toBig(v as number) * pow10(s);
          break;
        case 'dec':
          n = rescale(toBig(v as number), scaleOf(from), s);
          break;
        case 'float': {
          const d = decimalToScaled(Number(v).toFixed(Math.min(20, s + 2)), s);
          if (d === null) throw overflow(to);
          n = d;
          break;
        }
        case 'str': {
          const d = decimalToScaled(String(v), s);
          if (d === null) {
            if (to.name === 'money' || to.name === 'smallmoney')
              throw sqlError(
                235,
                `Cannot convert a char value to money. The char value has incorrect syntax.`,
              );
            throw sqlError(
              ERR.NUMERIC_CONVERT,
              `Error converting data type ${sourceLabel(from)} to numeric.`,
            );
          }
          n = d;
          break;
        }
        default:
          throw explicitOnly(from, to);
      }
      return checkPrecision(n, to);
    }
    case 'float':
      switch (fc) {
        case 'int':
        case 'bit':
        case 'float':
          return Number(v);
        case 'dec':
          return Number(scaledToDecimal(toBig(v as number), scaleOf(from)));
        case 'str': {
          const s = String(v).trim();
          const f = Number(s);
          if (s === '' || Number.isNaN(f))
            throw sqlError(ERR.NUMERIC_CONVERT, `Error converting data type ${sourceLabel(from)} to float.`);
          return f;
        }
        default:
          throw explicitOnly(from, to);
      }
    case 'dt': {
      const kind = to.name as DateKind;
      if (fc === 'str' || fc === 'dt') {
        const out = toDateStorage(String(v), kind);
        if (out === null) {
          if (fc === 'str')
            throw sqlError(
              ERR.DATETIME_CONVERT,
              'Conversion failed when converting date and/or time from character string.',
            );
          throw explicitOnly(from, to);
        }
        return out;
      }
      if (
        (fc === 'int' || fc === 'dec' || fc === 'float') &&
        (kind === 'datetime' || kind === 'smalldatetime')
      ) {
        // Numbers are days since 1900-01-01.
        const days = fc === 'dec' ? Number(scaledToDecimal(toBig(v as number), scaleOf(from))) : Number(v);
        const ms = Math.round(days * 86400000);
        const d = new Date(Date.UTC(1900, 0, 1) + ms);
        return formatUtcDate(d, kind);
      }
      throw explicitOnly(from, to);
    }
    case 'rv':
      if (fc === 'bin') return bufferToBig(v as Buffer);
      if (fc === 'int' || fc === 'rv') return toBig(v as number);
      throw explicitOnly(from, to);
    case 'bin': {
      let b: Buffer;
      switch (fc) {
        case 'bin':
          b = v as Buffer;
          break;
        case 'rv':
          b = bigToBuffer(v as bigint);
          break;
        case 'int': {
          const size =
            from.name === 'bigint' ? 8 : from.name === 'smallint' ? 2 : from.name === 'tinyint' ? 1 : 4;
          b = bigToBuffer(BigInt.asUintN(size * 8, toBig(v as number)), size);
          break;
        }
        case 'str':
          b = Buffer.from(String(v), isNational(from) ? 'utf16le' : 'latin1');
          break;
        default:
          throw explicitOnly(from, to);
      }
      const n = to.length ?? 1;
      if (n >= 0 && b.length > n) {
        if (mode === 'assign') throw truncation();
        b = fc === 'int' || fc === 'rv' ? b.subarray(b.length - n) : b.subarray(0, n);
      }
      if (to.name === 'binary' && n >= 0 && b.length < n && mode !== 'implicit')
        b = Buffer.concat([b, Buffer.alloc(n - b.length)]);
      return b;
    }
    case 'guid': {
      const s = fc === 'str' || fc === 'guid' ? String(v).trim() : '';
      if (!/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/.test(s)) {
        throw sqlError(
          8169,
          'Conversion failed when converting from a character string to uniqueidentifier.',
        );
      }
      return s.replace(/[{}]/g, '').toUpperCase();
    }
  }
}

function explicitOnly(from: SqlType, to: SqlType): Error {
  return sqlError(529, `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`);
}
