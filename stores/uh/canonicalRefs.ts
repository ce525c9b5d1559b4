import { cleanText } from './normalise';

/**
 * References as UH holds them (padded, sometimes with a leading space, sometimes without their leading
 * zeros) in canonical form, so rows from different tables join on equal keys.
 */
export function canonicalPropertyRef(raw: string | null): string | null {
  const text = cleanText(raw);
  if (text === null) return null;
  return /^\d{1,8}$/.test(text) ? text.padStart(8, '0') : text;
}

export function canonicalRef(raw: string | null): string | null {
  return cleanText(raw);
}
