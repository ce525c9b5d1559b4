/**
 * Date/time storage: sortable text. datetime and smalldatetime 'YYYY-MM-DD HH:MM:SS.fff' (datetime rounded to
 * SQL Server's 1/300 s ticks, smalldatetime to the minute); datetime2 'YYYY-MM-DD HH:MM:SS.fffffff';
 * date 'YYYY-MM-DD'; time 'HH:MM:SS.fffffff'. An empty string converts to 1900-01-01 00:00:00 (SQL Server does).
 */
export type DateKind = 'datetime' | 'smalldatetime' | 'datetime2' | 'date' | 'time';

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** fraction of a second in 100 ns units (0..9_999_999) */
  f: number;
}

const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:Z|[+-]\d{2}:\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?: (\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const MDY =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(AM|PM)?)?$/i;
const MON =
  /^([A-Za-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(AM|PM)?)?$/;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function frac(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return Number((digits + '0000000').slice(0, 7));
}

function ampm(h: number, marker: string | undefined): number {
  if (marker === undefined) return h;
  const pm = marker.toUpperCase() === 'PM';
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

/** Parses the string forms SQL Server accepts in the project (ISO, ISO with T/Z, yyyymmdd, mdy, 'Jan 1 2020'); null if invalid. */
export function parseDateText(input: string): Parts | null {
  const s = input.trim();
  if (s === '') return { y: 1900, mo: 1, d: 1, h: 0, mi: 0, s: 0, f: 0 };
  let m = ISO.exec(s) ?? COMPACT.exec(s);
  let p: Parts | null = null;
  if (m)
    p = {
      y: +m[1]!,
      mo: +m[2]!,
      d: +m[3]!,
      h: +(m[4] ?? 0),
      mi: +(m[5] ?? 0),
      s: +(m[6] ?? 0),
      f: frac(m[7]),
    };
  else if ((m = MDY.exec(s)))
    p = {
      y: +m[3]!,
      mo: +m[1]!,
      d: +m[2]!,
      h: ampm(+(m[4] ?? 0), m[8]),
      mi: +(m[5] ?? 0),
      s: +(m[6] ?? 0),
      f: frac(m[7]),
    };
  else if ((m = MON.exec(s))) {
    const mo = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    if (mo === 0) return null;
    p = {
      y: +m[3]!,
      mo,
      d: +m[2]!,
      h: ampm(+(m[4] ?? 0), m[8]),
      mi: +(m[5] ?? 0),
      s: +(m[6] ?? 0),
      f: frac(m[7]),
    };
  } else if ((m = TIME_ONLY.exec(s)))
    p = { y: 1900, mo: 1, d: 1, h: +m[1]!, mi: +m[2]!, s: +(m[3] ?? 0), f: frac(m[4]) };
  if (p === null || !valid(p)) return null;
  return p;
}

function valid(p: Parts): boolean {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.h > 23 || p.mi > 59 || p.s > 59) return false;
  const dim = new Date(Date.UTC(2000, p.mo, 0)).getUTCDate();
  const leap = (p.y % 4 === 0 && p.y % 100 !== 0) || p.y % 400 === 0;
  return p.d <= (p.mo === 2 ? (leap ? 29 : 28) : dim);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Adds whole milliseconds to parts (carrying across days/months/years). */
function addMs(p: Parts, ms: number): Parts {
  const d = new Date(0);
  d.setUTCFullYear(p.y, p.mo - 1, p.d);
  d.setUTCHours(p.h, p.mi, p.s, 0);
  const t = new Date(d.getTime() + ms);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
    f: 0,
  };
}

export function formatDate(p: Parts, kind: DateKind): string {
  const ymd = `${pad(p.y, 4)}-${pad(p.mo, 2)}-${pad(p.d, 2)}`;
  switch (kind) {
    case 'date':
      return ymd;
    case 'datetime2':
      return `${ymd} ${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}.${pad(p.f, 7)}`;
    case 'time':
      return `${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}.${pad(p.f, 7)}`;
    case 'smalldatetime': {
      // Rounds to the nearest minute: 29.998 s and below round down.
      const ms = p.s * 1000 + p.f / 10000;
      const q = addMs({ ...p, s: 0, f: 0 }, ms >= 29999 ? 60000 : 0);
      return `${pad(q.y, 4)}-${pad(q.mo, 2)}-${pad(q.d, 2)} ${pad(q.h, 2)}:${pad(q.mi, 2)}:00.000`;
    }
    case 'datetime': {
      // 1/300 s ticks: milliseconds end in 0, 3 or 7.
      const ticks = Math.round((p.f / 10000) * 0.3);
      let ms = Math.round(ticks / 0.3);
      let q = { ...p, f: 0 };
      if (ms >= 1000) {
        q = addMs(q, 1000);
        ms -= 1000;
      }
      return `${pad(q.y, 4)}-${pad(q.mo, 2)}-${pad(q.d, 2)} ${pad(q.h, 2)}:${pad(q.mi, 2)}:${pad(q.s, 2)}.${pad(ms, 3)}`;
    }
  }
}

/** Canonical storage text for `input` as `kind`, or null when the text is not a date. */
export function toDateStorage(input: string, kind: DateKind): string | null {
  // Fast path: already canonical and needing no rounding (the bulk seed sends this form).
  if (input.length === 23 && CANONICAL.test(input)) {
    if (kind === 'datetime' && '037'.includes(input[22]!)) return input;
    if (kind === 'smalldatetime' && input.endsWith(':00.000')) return input;
  }
  const p = parseDateText(input);
  return p === null ? null : formatDate(p, kind);
}

/** The current local time as SQL Server's GETDATE() shows it (datetime). */
export function nowParts(): Parts {
  const d = new Date();
  return {
    y: d.getFullYear(),
    mo: d.getMonth() + 1,
    d: d.getDate(),
    h: d.getHours(),
    mi: d.getMinutes(),
    s: d.getSeconds(),
    f: d.getMilliseconds() * 10000,
  };
}

const STYLE_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CONVERT(varchar, <date>, style) for the common styles; style 0/100 is SQL Server's default 'Jan  1 2020 12:00AM'. */
/** A JavaScript Date's UTC fields as a stored date of this kind. */
export function formatUtcDate(d: Date, kind: DateKind): string {
  return formatDate(
    {
      y: d.getUTCFullYear(),
      mo: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      h: d.getUTCHours(),
      mi: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
      f: d.getUTCMilliseconds() * 10000,
    },
    kind,
  );
}

export function formatDateStyle(stored: string, kind: DateKind, style: number): string {
  const p = parseDateText(stored);
  if (p === null) return stored;
  const ymd = `${pad(p.y, 4)}-${pad(p.mo, 2)}-${pad(p.d, 2)}`;
  const hms = `${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}`;
  const ms3 = pad(Math.floor(p.f / 10000), 3);
  switch (style) {
    case 23:
      return ymd;
    case 101:
      return `${pad(p.mo, 2)}/${pad(p.d, 2)}/${pad(p.y, 4)}`;
    case 103:
      return `${pad(p.d, 2)}/${pad(p.mo, 2)}/${pad(p.y, 4)}`;
    case 104:
      return `${pad(p.d, 2)}.${pad(p.mo, 2)}.${pad(p.y, 4)}`;
    case 112:
      return `${pad(p.y, 4)}${pad(p.mo, 2)}${pad(p.d, 2)}`;
    case 108:
      return hms;
    case 120:
      return kind === 'date' ? ymd : `${ymd} ${hms}`;
    case 121:
      return kind === 'date' ? ymd : kind === 'datetime2' ? stored : `${ymd} ${hms}.${ms3}`;
    case 126:
    case 127:
      return kind === 'date' ? ymd : `${ymd}T${hms}${p.f ? '.' + ms3 : ''}`;
    default: {
      if (kind === 'date' && (style === 0 || style === 100))
        return `${STYLE_MONTHS[p.mo - 1]} ${String(p.d).padStart(2, ' ')} ${p.y}`;
      if (kind === 'datetime2' && style === 0) return stored;
      const h12 = p.h % 12 === 0 ? 12 : p.h % 12;
      return `${STYLE_MONTHS[p.mo - 1]} ${String(p.d).padStart(2, ' ')} ${p.y} ${String(h12).padStart(2, ' ')}:${pad(p.mi, 2)}${p.h < 12 ? 'AM' : 'PM'}`;
    }
  }
}
