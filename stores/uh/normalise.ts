/**
 * UH values made clean once, at the store boundary (resolvers never trim or patch):
 * padded char(n) codes trimmed, blank -> null, placeholder dates -> null, money kept exact.
 */

/** Trim both ends (UH pads on the right; some application-written values carry leading spaces too); blank -> null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Dates UH uses to mean "none": 1900-01-01 (what '' becomes in a datetime column), the Excel epoch
 * 1899-12-30 and its neighbour, and SQL Server's minimum datetime 1753-01-01.
 */
const PLACEHOLDER_DATES = new Set(['1900-01-01', '1899-12-30', '1899-12-31', '1753-01-01']);

/**
 * In SQL, a tenancy date (smalldatetime, whose range starts at 1900-01-01) before this is exactly what cleanDate
 * reads as none: NULL fails any comparison with it, and UH's 1900-01-01 placeholder is below it.
 */
export const NO_DATE_BEFORE = new Date('1900-01-02T00:00:00Z');

/**
 * A UH date/datetime as an ISO date (YYYY-MM-DD), or null for NULL and placeholders. The mssql driver
 * returns datetime columns as Date objects read as UTC (useUTC), so the UTC calendar day is the stored day.
 */
export function cleanDate(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const iso = typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  return PLACEHOLDER_DATES.has(iso) ? null : iso;
}

/** A UH datetime as ISO 8601 (UTC, as stored), or null for NULL and placeholders. */
export function cleanDateTime(value: Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return cleanDate(value) === null ? null : value.toISOString();
}

/**
 * Money arrives from SQL as text (the store selects CONVERT(varchar(40), col)), so no float ever holds it.
 * Normalised to a plain decimal string with the column's scale: "95.4" -> "95.40", "-.5" -> "-0.50".
 */
export function cleanMoney(value: string | null | undefined, scale = 2): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new TypeError(`expected a decimal number from UH, got "${value}"`);
  }
  const sign = match[1] === '-' ? '-' : '';
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new TypeError(`expected at most ${scale} decimal places from UH, got "${value}"`);
  }
  const result = `${whole}.${fraction.slice(0, scale)}`;
  return sign && /[1-9]/.test(result) ? `-${result}` : result;
}

/** A UH bit that may be NULL: NULL reads as false, as UH's screens treat it. */
export function cleanFlag(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}
