import type { LlpgLogicalStatus } from './llpgExtractFormat';

/**
 * Field parsers for the extract: each returns the clean value, or a Problem saying what was expected
 * and what came. Text is trimmed and a blank is NULL, once, here (STYLE 6).
 */
export interface Problem {
  /** Short and stable, so rejects can be counted by it: 'invalid uprn'. */
  readonly reason: string;
  readonly detail: string;
}

export const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'reason' in value && 'detail' in value;

export function text(raw: string): string | null {
  const value = raw.trim();
  return value === '' ? null : value;
}

/**
 * A UPRN: up to 12 digits. Leading zeros are junk some systems add (UH's '00014579215'); the LLPG's own
 * form is the integer, so they are dropped. All zeros is not a UPRN.
 */
export function uprn(raw: string, column: string, required: boolean): string | null | Problem {
  const value = raw.trim();
  if (value === '' || (!required && value === '0')) {
    return required
      ? { reason: `missing ${column}`, detail: `expected a UPRN in ${column}, got nothing` }
      : null;
  }
  const digits = value.replace(/^0+/, '');
  if (!/^\d+$/.test(value) || digits === '' || digits.length > 12) {
    return {
      reason: `invalid ${column}`,
      detail: `expected up to 12 digits in ${column}, got ${JSON.stringify(raw)}`,
    };
  }
  return digits;
}

/** yyyymmdd as an integer, 0 (or blank) = no date; a real calendar day, returned as 'YYYY-MM-DD'. */
export function yyyymmdd(raw: string, column: string): string | null | Problem {
  const value = raw.trim();
  if (value === '' || value === '0') return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const bad: Problem = {
    reason: 'invalid date',
    detail: `expected yyyymmdd (0 = none) in ${column}, got ${JSON.stringify(raw)}`,
  };
  if (match === null) return bad;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return bad;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

const STATUSES: Readonly<Record<string, LlpgLogicalStatus>> = {
  'APPROVED PREFERRED': 'APPROVED_PREFERRED',
  ALTERNATIVE: 'ALTERNATIVE',
  PROVISIONAL: 'PROVISIONAL',
  HISTORICAL: 'HISTORICAL',
  // BS7666 logical status codes, as some extracts carry them.
  '1': 'APPROVED_PREFERRED',
  '3': 'ALTERNATIVE',
  '6': 'PROVISIONAL',
  '8': 'HISTORICAL',
};

/** 'Approved Preferred' (any case, '_' or spaces), or the BS7666 code 1/3/6/8. */
export function logicalStatus(raw: string): LlpgLogicalStatus | Problem {
  const status =
    STATUSES[
      raw
        .trim()
        .toUpperCase()
        .replace(/[\s_]+/g, ' ')
    ];
  if (status !== undefined) return status;
  return {
    reason: 'unknown logical status',
    detail: `expected Approved Preferred, Alternative, Provisional or Historical (or 1, 3, 6, 8), got ${JSON.stringify(raw)}`,
  };
}

export function usrn(raw: string): number | null | Problem {
  const value = raw.trim();
  if (value === '') return null;
  if (!/^\d{1,9}$/.test(value)) {
    return { reason: 'invalid usrn', detail: `expected up to 9 digits in usrn, got ${JSON.stringify(raw)}` };
  }
  return Number(value);
}

export function flag(raw: string, column: string): boolean | Problem {
  const value = raw.trim().toUpperCase();
  if (['', '0', 'N', 'NO', 'F', 'FALSE'].includes(value)) return false;
  if (['1', 'Y', 'YES', 'T', 'TRUE'].includes(value)) return true;
  return {
    reason: `invalid ${column}`,
    detail: `expected true/false (or 1/0, Y/N) in ${column}, got ${JSON.stringify(raw)}`,
  };
}

const FULL_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;

/**
 * Upper case, one space between outward and inward parts. Not validated: the LLPG holds truncated
 * postcodes ('E8 2N', domain issue 8) and they are kept exactly as held, so they can be found and fixed.
 */
export function postcode(raw: string): string | null {
  const value = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (value === '') return null;
  if (value.includes(' ')) return value;
  const match = FULL_POSTCODE.exec(value);
  return match === null ? value : `${match[1]} ${match[2]}`;
}
