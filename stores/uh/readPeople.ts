import type { UhClient } from './UhStore';
import { keyList, type KeySource, type UhQuery } from './UhQuery';
import type { RowSetQuery } from './readProperties';
import type { ContactDetailsRecord, PersonRecord, PhoneType } from '../model/records';
import { cleanDate, cleanFlag, cleanText } from './normalise';
import { canonicalRef } from './canonicalRefs';
import { formatPersonId } from '../model/references';
import { HOUSE_REF } from './uhTypes';

export const MEMBER_COLUMNS =
  'm.house_ref, m.person_no, m.title, m.forename, m.surname, m.dob, m.responsible';

export interface MemberRow {
  house_ref: string;
  person_no: number;
  title: string | null;
  forename: string | null;
  surname: string | null;
  dob: Date | null;
  responsible: boolean;
}

export function toPerson(row: MemberRow): PersonRecord {
  const houseRef = canonicalRef(row.house_ref) ?? '';
  const personNo = Number(row.person_no);
  return {
    id: formatPersonId(houseRef, personNo),
    houseRef,
    personNo,
    title: cleanText(row.title),
    firstName: cleanText(row.forename),
    surname: cleanText(row.surname),
    dateOfBirth: cleanDate(row.dob),
    isResponsible: cleanFlag(row.responsible),
  };
}

/** Members of several households, person number order (a person is looked up through its household). */
export function membersByKeys(keys: KeySource): RowSetQuery {
  return {
    query: {
      name: 'membersByHousehold',
      text: `SELECT ${MEMBER_COLUMNS} FROM dbo.member m WITH (NOLOCK) WHERE m.house_ref IN (${keys.sql}) ORDER BY m.house_ref, m.person_no`,
      params: keys.params,
    },
    column: (name) => ({
      sql: `SELECT m.${name} FROM dbo.member m WITH (NOLOCK) WHERE m.house_ref IN (${keys.sql})`,
      params: keys.params,
    }),
  };
}

export function membersFound(rows: readonly MemberRow[]): Map<string, PersonRecord[]> {
  const result = new Map<string, PersonRecord[]>();
  for (const person of rows.map(toPerson)) {
    const members = result.get(person.houseRef) ?? [];
    members.push(person);
    result.set(person.houseRef, members);
  }
  return result;
}

export async function membersByHousehold(
  store: UhClient,
  houseRefs: readonly string[],
): Promise<Map<string, PersonRecord[]>> {
  return membersFound(await store.query<MemberRow>(membersByKeys(keyList('h', houseRefs, HOUSE_REF)).query));
}

export interface ContactRow {
  con_phone1: string | null;
  con_phone2: string | null;
  con_phone3: string | null;
  email_address: string | null;
  house_email: string | null;
}

/**
 * Contact details are kept per tenancy/household in UH's contacts table. It is reached through the
 * household's tenancies (tenagree.house_ref, then contacts.tag_ref): both are indexed in UH, while
 * contacts.con_ref is not (and UH's schema must not be changed). The household's first contact row (by
 * con_key) wins: UH keeps superseded rows (a changed number saved as a new record). The household's own
 * email (househ) is the fallback. A phone field sometimes holds two numbers ('020 8356 0000 / 07700
 * 900123'): they are split. Numbers are typed MOBILE when they are UK mobiles (07...), else HOME.
 */
export function contactsByKeys(keys: KeySource): UhQuery {
  return {
    name: 'contactsByHousehold',
    text: `SELECT ${HOUSEHOLD_CONTACT_COLUMNS}
FROM dbo.househ h WITH (NOLOCK)
LEFT JOIN dbo.tenagree t WITH (NOLOCK) ON t.house_ref = h.house_ref
LEFT JOIN dbo.contacts c WITH (NOLOCK) ON c.tag_ref = t.tag_ref
WHERE h.house_ref IN (${keys.sql}) ORDER BY h.house_ref, c.con_key`,
    params: keys.params,
  };
}

export function contactsFound(rows: readonly HouseholdContactRow[]): Map<string, ContactDetailsRecord> {
  const result = new Map<string, ContactDetailsRecord>();
  for (const [houseRef, row] of firstContactRowByHousehold(rows)) result.set(houseRef, toContactDetails(row));
  return result;
}

export async function contactsByHousehold(
  store: UhClient,
  houseRefs: readonly string[],
): Promise<Map<string, ContactDetailsRecord>> {
  return contactsFound(
    await store.query<HouseholdContactRow>(contactsByKeys(keyList('h', houseRefs, HOUSE_REF))),
  );
}

/** What contactsByHousehold selects: per household, every contacts row reached through its tenancies. */
export const HOUSEHOLD_CONTACT_COLUMNS =
  'h.house_ref, c.con_key, c.con_phone1, c.con_phone2, c.con_phone3, c.email_address, h.email_address AS house_email';

export type HouseholdContactRow = ContactRow & { house_ref: string; con_key: number | null };

/** Per household: the contact row with the lowest con_key, if any (else the household's row with no contact). */
export function firstContactRowByHousehold<R extends HouseholdContactRow>(
  rows: readonly R[],
): Map<string, R> {
  const first = new Map<string, R>();
  for (const row of rows) {
    const houseRef = canonicalRef(row.house_ref);
    if (houseRef === null) continue;
    const known = first.get(houseRef);
    if (
      known === undefined ||
      (row.con_key !== null && (known.con_key === null || row.con_key < known.con_key))
    )
      first.set(houseRef, row);
  }
  return first;
}

/** Phones split and typed, the contact's email or else the household's. */
export function toContactDetails(row: ContactRow): ContactDetailsRecord {
  const phones = [row.con_phone1, row.con_phone2, row.con_phone3].flatMap(splitPhones);
  return { phones, email: cleanText(row.email_address) ?? cleanText(row.house_email) };
}

function splitPhones(field: string | null): { number: string; type: PhoneType | null }[] {
  const text = cleanText(field);
  if (text === null) return [];
  return text
    .split('/')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => /\d/.test(part))
    .map((number) => ({ number, type: number.replace(/\s/g, '').startsWith('07') ? 'MOBILE' : 'HOME' }));
}
