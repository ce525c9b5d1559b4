/**
 * Conversions between the engine's canonical date/time strings ('YYYY-MM-DD HH:MM:SS.fffffff',
 * 'YYYY-MM-DD', 'HH:MM:SS.fffffff') and the day/tick counts TDS puts on the wire (MS-TDS 2.2.5.5.1).
 * Pure integer arithmetic on the proleptic Gregorian calendar: no Date objects, no time zones.
 */

export interface DateTimeParts {
  /** Days since 0001-01-01. */
  readonly days: number;
  /** Whole seconds since midnight. */
  readonly seconds: number;
  /** Fraction of the second in units of 100 ns (0..9,999,999). */
  readonly fraction7: number;
}

/** Howard Hinnant's days_from_civil: days since 1970-01-01. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const UNIX_DAYS_OF_0001 = daysFromCivil(1, 1, 1);
/** Days from 0001-01-01 to 1900-01-01, the datetime/smalldatetime epoch. */
export const DAYS_TO_1900 = daysFromCivil(1900, 1, 1) - UNIX_DAYS_OF_0001;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function fraction7Of(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return Number((digits + '0000000').slice(0, 7));
}

/** Parse 'YYYY-MM-DD[ HH:MM[:SS[.f]]]' or, for time values, 'HH:MM[:SS[.f]]'. */
export function parseDateTime(text: string): DateTimeParts {
  const dt = DATE_TIME.exec(text);
  if (dt !== null) {
    const days = daysFromCivil(Number(dt[1]), Number(dt[2]), Number(dt[3])) - UNIX_DAYS_OF_0001;
    const seconds = Number(dt[4] ?? 0) * 3600 + Number(dt[5] ?? 0) * 60 + Number(dt[6] ?? 0);
    return { days, seconds, fraction7: fraction7Of(dt[7]) };
  }
  const t = TIME.exec(text);
  if (t !== null) {
    return {
      days: 0,
      seconds: Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3] ?? 0),
      fraction7: fraction7Of(t[4]),
    };
  }
  throw new TypeError(`not a date/time in canonical form: ${JSON.stringify(text)}`);
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days + UNIX_DAYS_OF_0001);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** 'HH:MM:SS' followed by '.' and `digits` fractional digits (none when digits is 0). */
export function formatTime(seconds: number, fraction7: number, digits: number): string {
  const hms = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  if (digits === 0) return hms;
  return hms + '.' + String(fraction7).padStart(7, '0').slice(0, digits);
}

/** TIME / DATETIME2 time part: units of 10^-scale seconds since midnight. */
export function timeUnits(parts: DateTimeParts, scale: number): number {
  const divisor = 10 ** (7 - scale);
  return parts.seconds * 10 ** scale + Math.round(parts.fraction7 / divisor);
}

export function partsFromTimeUnits(days: number, units: number, scale: number): DateTimeParts {
  const perSecond = 10 ** scale;
  const seconds = Math.floor(units / perSecond);
  const fraction7 = (units - seconds * perSecond) * 10 ** (7 - scale);
  return { days, seconds, fraction7 };
}

/** Bytes a TIME value of this scale takes (MS-TDS 2.2.5.5.1.8). */
export function timeByteLength(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}
