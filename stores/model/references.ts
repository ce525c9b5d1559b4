import { quoteInput } from '../../core/quoteInput';

/**
 * References as consumers type them, turned into UH's canonical form. Input is accepted with or without
 * padding and leading zeros where that is unambiguous; anything else is an InvalidReferenceError saying what was
 * expected (the subgraph turns it into BAD_USER_INPUT).
 */
export class InvalidReferenceError extends Error {
  readonly argument: string;
  constructor(argument: string, expected: string, received: unknown) {
    // Only a short prefix of what came: a caller may send a megabyte where 8 digits were expected.
    super(`${argument}: expected ${expected}, got ${quoteInput(received)}`);
    this.name = 'InvalidReferenceError';
    this.argument = argument;
  }
}

/** prop_ref: up to 8 digits, zero-padded to 8 ("32896", " 00032896  " -> "00032896"). */
export function propertyReference(raw: string, argument = 'reference'): string {
  const trimmed = raw.trim();
  if (!/^\d{1,8}$/.test(trimmed))
    throw new InvalidReferenceError(argument, 'a property reference of up to 8 digits, like 00032896', raw);
  return trimmed.padStart(8, '0');
}

/**
 * tag_ref: digits "/" two digits ("0905836/01"; the 6-digit form "000015/01" also exists). Arrives
 * URL-encoded from some clients ("0905836%2F01"). Leading zeros are kept: "15/01" and "000015/01" are
 * not known to be the same tenancy, so they are not padded.
 */
export function tenancyReference(raw: string, argument = 'reference'): string {
  const decoded = raw.trim().replace(/%2F/gi, '/');
  if (!/^\d{1,7}\/\d{2}$/.test(decoded)) {
    throw new InvalidReferenceError(
      argument,
      'a tenancy reference like 0905836/01 (digits, "/", two digits)',
      raw,
    );
  }
  return decoded;
}

/** Person id "<house_ref>-<person_no>", e.g. "0121098-1"; house_ref is up to 10 characters of digits. */
export function personId(raw: string, argument = 'id'): { houseRef: string; personNo: number } {
  const match = /^(\d{1,10})-(\d{1,2})$/.exec(raw.trim());
  if (match === null)
    throw new InvalidReferenceError(
      argument,
      'a person id like 0121098-1 (household reference, "-", person number)',
      raw,
    );
  return { houseRef: match[1] ?? '', personNo: Number(match[2]) };
}

export function formatPersonId(houseRef: string, personNo: number): string {
  return `${houseRef}-${personNo}`;
}

/** rq_ref: up to 8 digits, zero-padded to 8. */
export function repairReference(raw: string, argument = 'reference'): string {
  const trimmed = raw.trim();
  if (!/^\d{1,8}$/.test(trimmed))
    throw new InvalidReferenceError(
      argument,
      'a repair request reference of up to 8 digits, like 03209397',
      raw,
    );
  return trimmed.padStart(8, '0');
}
