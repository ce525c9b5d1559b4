import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { compareCaseSensitive, replaceCaseInsensitive } from './collation';
import type { Conversions } from './Conversions';
import { rescale, type Stored } from './convertValue';
import { dateAdd, dateDiff, datePartOf, type DatePart } from './dateParts';
import { formatDate, formatUtcDate, nowParts, type DateKind } from './dates';
import type { RowidAllocator } from './RowidAllocator';
import type { RowversionClock } from './RowversionClock';
import { ERR, sqlError } from './sqlErrors';
import { registerByteFunctions } from './registerByteFunctions';

/** SQLite hands functions text, numbers, bigints or blobs; text is what the string functions expect. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
}

function divideByZero(): Error {
  return sqlError(ERR.DIVIDE_BY_ZERO, 'Divide by zero error encountered.');
}

/** The uh_* SQL functions compiled statements call; registered on every connection of an engine. */
export function registerFunctions(
  db: Database.Database,
  conversions: Conversions,
  clock: RowversionClock,
  rowids: RowidAllocator,
  sessionId: number,
): void {
  const fns = conversions.fns;
  const det = { deterministic: true, safeIntegers: true };
  db.function('uh_conv', det, (v: unknown, id: unknown) => fns[Number(id)]!(v as Stored));
  db.function('uh_next_rv', { safeIntegers: true }, () => clock.next(sessionId));
  db.function('uh_next_rowid', { safeIntegers: true }, (table: unknown) => rowids.next(text(table)));
  db.function('uh_dbts', { safeIntegers: true }, () => clock.dbts);
  db.function('uh_min_active_rv', { safeIntegers: true }, () => clock.minActive());
  db.function('uh_div', det, (a: unknown, b: unknown) => {
    if (a === null || b === null) return null;
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      if (b === 0n) throw divideByZero();
      return a / b;
    }
    if (Number(b) === 0) throw divideByZero();
    return Number(a) / Number(b);
  });
  db.function('uh_mod', det, (a: unknown, b: unknown) => {
    if (a === null || b === null) return null;
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      if (b === 0n) throw divideByZero();
      return a % b;
    }
    if (Number(b) === 0) throw divideByZero();
    return Number(a) % Number(b);
  });
  db.function('uh_decdiv', det, (a: unknown, b: unknown, factor: unknown) => {
    if (a === null || b === null) return null;
    const d = BigInt(b as bigint);
    if (d === 0n) throw divideByZero();
    return (BigInt(a as bigint) * BigInt(factor as bigint)) / d;
  });
  db.function('uh_rescale', det, (v: unknown, from: unknown, to: unknown) =>
    v === null ? null : rescale(BigInt(v as bigint), Number(from), Number(to)),
  );
  db.function('uh_substring', det, (s: unknown, start: unknown, len: unknown) => {
    if (s === null || start === null || len === null) return null;
    const n = Number(len);
    if (n < 0) throw sqlError(537, 'Invalid length parameter passed to the substring function.');
    const from = Number(start);
    const end = from + n;
    const first = Math.max(from, 1);
    return end > first ? text(s).slice(first - 1, end - 1) : '';
  });
  db.function('uh_pad', det, (s: unknown, n: unknown) =>
    s === null ? null : text(s).padEnd(Number(n), ' '),
  );
  db.function('uh_replicate', det, (s: unknown, n: unknown) =>
    s === null || n === null || Number(n) < 0 ? null : text(s).repeat(Number(n)),
  );
  db.function('uh_now', { safeIntegers: true }, (utc: unknown, kind: unknown) => {
    const p = nowParts();
    if (Number(utc) === 1) {
      const d = new Date();
      return formatUtcDate(d, kind as DateKind);
    }
    return formatDate(p, kind as DateKind);
  });
  db.function('uh_dateadd', det, (part: unknown, n: unknown, v: unknown, kind: unknown) =>
    v === null || n === null ? null : dateAdd(part as DatePart, Number(n), text(v), kind as DateKind),
  );
  db.function('uh_datediff', det, (part: unknown, a: unknown, b: unknown) =>
    a === null || b === null ? null : dateDiff(part as DatePart, text(a), text(b)),
  );
  db.function('uh_datepart', det, (part: unknown, v: unknown) =>
    v === null ? null : datePartOf(part as DatePart, text(v)),
  );
  db.function('uh_compare_cs', det, (a: unknown, b: unknown) =>
    a === null || b === null ? null : compareCaseSensitive(text(a), text(b)),
  );
  db.function('uh_replace_ci', det, (s: unknown, find: unknown, replacement: unknown) =>
    s === null || find === null || replacement === null
      ? null
      : replaceCaseInsensitive(text(s), text(find), text(replacement)),
  );
  db.function('uh_newid', () => randomUUID().toUpperCase());
  registerByteFunctions(db, conversions);
}
