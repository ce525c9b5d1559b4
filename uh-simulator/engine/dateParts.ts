import { formatUtcDate, parseDateText, type DateKind } from './dates';

/** DATEADD/DATEDIFF/DATEPART date parts, with SQL Server's abbreviations. */
export type DatePart =
  | 'year'
  | 'quarter'
  | 'month'
  | 'dayofyear'
  | 'day'
  | 'week'
  | 'weekday'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond';

const ABBREVIATIONS: Record<string, DatePart> = {
  year: 'year',
  yy: 'year',
  yyyy: 'year',
  quarter: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  month: 'month',
  mm: 'month',
  m: 'month',
  dayofyear: 'dayofyear',
  dy: 'dayofyear',
  y: 'dayofyear',
  day: 'day',
  dd: 'day',
  d: 'day',
  week: 'week',
  wk: 'week',
  ww: 'week',
  weekday: 'weekday',
  dw: 'weekday',
  w: 'weekday',
  hour: 'hour',
  hh: 'hour',
  minute: 'minute',
  mi: 'minute',
  n: 'minute',
  second: 'second',
  ss: 'second',
  s: 'second',
  millisecond: 'millisecond',
  ms: 'millisecond',
};

export function datePart(name: string): DatePart | undefined {
  return ABBREVIATIONS[name.toLowerCase()];
}

const MS: Partial<Record<DatePart, number>> = {
  day: 86400000,
  dayofyear: 86400000,
  weekday: 86400000,
  week: 7 * 86400000,
  hour: 3600000,
  minute: 60000,
  second: 1000,
  millisecond: 1,
};

function toUtc(stored: string): Date | null {
  const p = parseDateText(stored);
  if (p === null) return null;
  const d = new Date(0);
  d.setUTCFullYear(p.y, p.mo - 1, p.d);
  d.setUTCHours(p.h, p.mi, p.s, Math.floor(p.f / 10000));
  return d;
}

export function dateAdd(part: DatePart, n: number, stored: string, kind: DateKind): string | null {
  const d = toUtc(stored);
  if (d === null) return null;
  if (part === 'year' || part === 'quarter' || part === 'month') {
    const months = part === 'year' ? n * 12 : part === 'quarter' ? n * 3 : n;
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    // SQL Server clamps to the last day of the target month (Jan 31 + 1 month = Feb 28/29).
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return formatUtcDate(d, kind);
  }
  return formatUtcDate(new Date(d.getTime() + n * MS[part]!), kind);
}

/** Number of `part` boundaries crossed from a to b (SQL Server's DATEDIFF). */
export function dateDiff(part: DatePart, a: string, b: string): number | null {
  const x = toUtc(a);
  const y = toUtc(b);
  if (x === null || y === null) return null;
  switch (part) {
    case 'year':
      return y.getUTCFullYear() - x.getUTCFullYear();
    case 'quarter':
      return (
        (y.getUTCFullYear() - x.getUTCFullYear()) * 4 +
        Math.floor(y.getUTCMonth() / 3) -
        Math.floor(x.getUTCMonth() / 3)
      );
    case 'month':
      return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + y.getUTCMonth() - x.getUTCMonth();
    case 'week': {
      // Weeks start on Sunday (DATEFIRST 7): count Saturday->Sunday boundaries.
      const sunday = (d: Date): number => Math.floor((d.getTime() - d.getUTCDay() * 86400000) / 86400000);
      return Math.round((sunday(y) - sunday(x)) / 7);
    }
    default: {
      const unit = MS[part]!;
      return Math.floor(y.getTime() / unit) - Math.floor(x.getTime() / unit);
    }
  }
}

export function datePartOf(part: DatePart, stored: string): number | null {
  const d = toUtc(stored);
  if (d === null) return null;
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'dayofyear':
      return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
    case 'day':
      return d.getUTCDate();
    case 'week':
      return dateDiff('week', `${d.getUTCFullYear()}-01-01`, stored)! + 1;
    case 'weekday':
      return d.getUTCDay() + 1;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'millisecond':
      return d.getUTCMilliseconds();
  }
}
