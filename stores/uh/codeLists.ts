import type { PhoneType, PropertyLevel, RepairPriority } from '../model/records';

/**
 * UH code lists mapped to the graph's enums. Level codes 2, 3 and 7 are confirmed; the others are
 * plausible values kept here in one place so a council can correct them.
 */
export const LEVEL_BY_CODE: Readonly<Record<string, PropertyLevel>> = {
  '2': 'ESTATE',
  '3': 'BLOCK',
  '4': 'SUB_BLOCK',
  '7': 'DWELLING',
  '8': 'NON_DWELLING',
};

export function levelOf(code: string | null): PropertyLevel {
  return (code !== null && LEVEL_BY_CODE[code]) || 'OTHER';
}

/** The level codes a PropertyLevel filter matches (OTHER: every code not listed above). */
export function codesForLevel(level: PropertyLevel): { codes: string[]; negate: boolean } {
  if (level === 'OTHER') return { codes: Object.keys(LEVEL_BY_CODE), negate: true };
  return {
    codes: Object.entries(LEVEL_BY_CODE)
      .filter(([, l]) => l === level)
      .map(([code]) => code),
    negate: false,
  };
}

export const PRIORITY_BY_CODE: Readonly<Record<string, RepairPriority>> = {
  N: 'NORMAL',
  U: 'URGENT',
  I: 'IMMEDIATE',
  E: 'EMERGENCY',
  G: 'G',
  Z: 'Z',
  V: 'V',
};

export const CODE_BY_PRIORITY: Readonly<Record<RepairPriority, string>> = {
  NORMAL: 'N',
  URGENT: 'U',
  IMMEDIATE: 'I',
  EMERGENCY: 'E',
  G: 'G',
  Z: 'Z',
  V: 'V',
};

export const CODE_BY_PHONE_TYPE: Readonly<Record<PhoneType, string>> = {
  HOME: 'H',
  MOBILE: 'M',
  FAX: 'F',
  WORK: 'W',
  OTHER: 'X',
};
