import type { Address } from '../model/records';
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
  const lines = [
    preamble,
    doorAndStreet,
    cleanText(parts.area),
    cleanText(parts.town),
    cleanText(parts.extra),
  ].filter((line): line is string => line !== null);
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
 * UPRN: 11 or 12 digits not starting with 0 (the LLPG's form, the council's data-quality rule
 * ^[1-9]\d{10,11}$); null when blank or anything else (a zero-padded '00014579215' is not guessed at).
 */
export function cleanUprn(raw: string | null): string | null {
  const text = cleanText(raw);
  return text !== null && /^[1-9]\d{10,11}$/.test(text) ? text : null;
}
