/**
 * Hackney-like reference formats (domain README, "Reference formats") and the canonical SqlValue
 * forms the engine contract uses: dates as 'YYYY-MM-DD HH:MM:SS.000', money as exact decimal strings.
 */

/** Days since 1970-01-01 (UTC): the seed's internal date unit, so no time zone can shift a date. */
export type DayNumber = number;

export function dayNumber(isoDate: string): DayNumber {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) throw new Error(`dayNumber: expected YYYY-MM-DD, got ${JSON.stringify(isoDate)}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

// Memoised: formatting through Date is slow and a seed formats the same few thousand days a million times.
const isoDates = new Map<DayNumber, string>();

export function isoDate(day: DayNumber): string {
  let text = isoDates.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    isoDates.set(day, text);
  }
  return text;
}

const midnights = new Map<DayNumber, string>();

/** Canonical datetime/smalldatetime value: midnight, or `minutes` past midnight. */
export function sqlDate(day: DayNumber, minutes = 0): string {
  if (minutes === 0) {
    let text = midnights.get(day);
    if (text === undefined) midnights.set(day, (text = `${isoDate(day)} 00:00:00.000`));
    return text;
  }
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${isoDate(day)} ${hh}:${mm}:00.000`;
}

/** UH's "no date": what SQL Server stores for '' in a date column. */
export const NO_DATE = '1900-01-01 00:00:00.000';

/** Money in pence to numeric(9,2)'s canonical string: 9540 -> "95.40", -10 -> "-0.10". */
export function money(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`money: expected whole pence, got ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** '00032896': 8 digits, zero-padded (stored in char(12), so right-padded by the database). */
export const propRef = (n: number): string => String(n).padStart(8, '0');
/** '0905836/01' */
export const tagRef = (base: number, seq: number): string =>
  `${String(base).padStart(7, '0')}/${String(seq).padStart(2, '0')}`;
/** '0121098' */
export const houseRef = (n: number): string => String(n).padStart(7, '0');
/** '03209397' */
export const rqRef = (n: number): string => String(n).padStart(8, '0');
