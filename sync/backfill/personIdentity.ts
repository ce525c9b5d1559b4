import { createHash } from 'node:crypto';

/**
 * Which housing.person a UH member row belongs to. UH has no person identity: one human appears as several
 * member rows (moved house, re-keyed, misspelt). The rule, kept deliberately simple and deterministic (the
 * same UH data always gives the same ids, on any machine, in any order):
 *
 * - When surname, first name and date of birth are all known, the person is a name-based UUID (v5 form,
 *   SHA-1) of `surname|first name|date of birth` after normalising the names: lower case, letters only,
 *   and runs of one repeated letter collapsed ("Smiith" -> "smith", "O'Neill" -> "onel"), so the common
 *   doubled-letter typos meet. Rows that agree on all three are the same person.
 * - Otherwise (no DOB: UH's 1900-01-01 placeholder; no first name; an organisation) the row is a person of
 *   its own: the UUID of `member:<member id>`. Linking on name alone would merge strangers.
 *
 * `Person.possibleDuplicates` can then answer "other member rows with my person_id" exactly, and look
 * for looser matches (same name, unknown DOB) itself.
 */
const NAMESPACE = Buffer.from('6f2b9a8e4c1d4e0fa3b5c7d9e1f20304', 'hex'); // fixed: never change (ids would move)

export function personIdFor(member: {
  readonly id: string;
  readonly firstName: string | null;
  readonly surname: string | null;
  readonly dateOfBirth: string | null;
}): string {
  const surname = nameKey(member.surname);
  const first = nameKey(member.firstName);
  if (surname !== '' && first !== '' && member.dateOfBirth !== null) {
    return uuidV5(`person:${surname}|${first}|${member.dateOfBirth}`);
  }
  return uuidV5(`member:${member.id}`);
}

export function nameKey(name: string | null): string {
  return (name ?? '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/([a-z])\1+/g, '$1');
}

/** RFC 4122 section 4.3 (version 5: SHA-1 of namespace + name). */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
