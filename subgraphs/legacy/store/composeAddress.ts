import type { Address } from './records';
import { cleanText } from './normalise';

/**
 * UH splits an address across tables: property.post_preamble ('Flat 5 Gingerbread House') and
 * post_desig ('98'), and the postcode table's aline1..4 (street, area, town, ...). Estate flats carry the
 * preamble and usually no door number; street houses a door number and no preamble. Lines are filled
 * in order, skipping blanks: [preamble, door + street, area, town, extra]. When the postcode is missing
 * from the postcode table (it happens), only what the property row holds is shown.
 */
export function composeAddress(parts: {
  preamble: string | null;
  desig: string | null;
  postcode: string | null;
  street: string | null;
  area: string | null;
  town: string | null;
  extra: string | null;
}): Address {
  const preamble = cleanText(parts.preamble);
  const desig = cleanText(parts.desig);
  const street = cleanText(parts.street);
  const doorAndStreet = [desig, street].filter((part) => part !== null).join(' ') || null;
  const lines = [preamble, doorAndStreet, cleanText(parts.area), cleanText(parts.town), cleanText(parts.extra)].filter(
    (line): line is string => line !== null,
  );
  return {
    line1: lines[0] ?? null,
    line2: lines[1] ?? null,
    line3: lines[2] ?? null,
    line4: lines[3] ?? null,
    postcode: cleanPostcode(parts.postcode),
  };
}

/** Upper-case, single inner space; a truncated postcode ('E8 2N') is kept as UH holds it. */
export function cleanPostcode(raw: string | null): string | null {
  const text = cleanText(raw);
  return text === null ? null : text.toUpperCase().replace(/\s+/g, ' ');
}

/**
 * UPRN as a string of digits without leading zeros (a 0-padded '00014579215' is 14579215), or null when
 * blank or not a number of at most 12 digits.
 */
export function cleanUprn(raw: string | null): string | null {
  const text = cleanText(raw);
  if (text === null || !/^\d{1,16}$/.test(text)) return null;
  const stripped = text.replace(/^0+/, '');
  return stripped.length >= 1 && stripped.length <= 12 ? stripped : null;
}
