import { HOUSEHOLD_CONTACT_COLUMNS, toContactDetails, type ContactRow } from '../../../stores/uh/readPeople';
import { nearestUhText } from '../../../stores/uh/windows1252';
import { listParams, type UhQuery } from '../../../stores/uh/UhQuery';
import { HOUSE_REF } from '../../../stores/uh/uhTypes';
import type { ContactDetailsPayload } from '../outboxPayloads';
import type { LossyText } from './LossyText';

/**
 * Contact details as UH holds them: the household's first contacts row (by con_key) among those its
 * tenancies reach, and its househ email as the fallback (stores/uh/readPeople.ts). The image compares what
 * the graph would read from UH before and after the write, so a number split over two fields
 * ('020 8356 0000 / 07700 900123') equals the same two numbers in two fields, and padding never matters.
 */
export type ContactImageRow = ContactRow;

/**
 * Forward capture's SELECT for the rows the image needs, per household (several at once; at most
 * MAX_PARAMS_PER_REQUEST keys): one row per (tenancy, contacts row), ordered so that
 * firstContactRowByHousehold(rows) picks the row the graph reads. The columns are the backfill's
 * (HOUSEHOLD_CONTACT_COLUMNS) plus the contacts row's rowversion (NULL when the household has none).
 */
export function contactDetailsImageQuery(houseRefs: readonly string[]): UhQuery {
  const list = listParams('h', houseRefs, HOUSE_REF);
  return {
    name: 'contactDetailsImage',
    text: `SELECT ${HOUSEHOLD_CONTACT_COLUMNS}, c.tstamp
FROM dbo.househ h
LEFT JOIN dbo.tenagree t ON t.house_ref = h.house_ref
LEFT JOIN dbo.contacts c ON c.tag_ref = t.tag_ref
WHERE h.house_ref IN (${list.sql}) ORDER BY h.house_ref, c.con_key`,
    params: list.params,
  };
}

/**
 * UH's three char(21) phone fields for the payload's numbers, in the nearest text UH holds: one number per
 * field, and a fourth or later number after the third, ' / ' between (how UH users already keep two numbers
 * in one field, and what the graph splits again).
 */
export function phoneFieldsOf(payload: ContactDetailsPayload): [string, string, string] {
  const phones = payload.phones.map((phone) => nearestUhText(phone.trim()));
  return [phones[0] ?? '', phones[1] ?? '', phones.slice(2).join(' / ')];
}

export function emailOf(payload: ContactDetailsPayload): string {
  return nearestUhText(payload.email.trim());
}

/** Does UH (this row; null when the household is not in UH) already show what the payload would write? */
export function contactDetailsInUh(payload: ContactDetailsPayload, row: ContactImageRow | null): boolean {
  if (row === null) return false;
  const [con_phone1, con_phone2, con_phone3] = phoneFieldsOf(payload);
  // After the write UH shows the written email, or none: clearing it also clears the househ fallback.
  const wanted = toContactDetails({
    con_phone1,
    con_phone2,
    con_phone3,
    email_address: emailOf(payload),
    house_email: null,
  });
  const held = toContactDetails(row);
  return (
    wanted.email === held.email &&
    wanted.phones.length === held.phones.length &&
    wanted.phones.every((phone, i) => phone.number === held.phones[i]?.number)
  );
}

/** Cloud columns of housing.contact_details whose exact text UH cannot hold (phones as their JSON list). */
export function contactDetailsLossyText(payload: ContactDetailsPayload): LossyText[] {
  const phonesInUh = JSON.stringify(payload.phones.map((phone) => nearestUhText(phone)));
  return [
    { field: 'email', cloudValue: payload.email, uhValue: nearestUhText(payload.email) },
    { field: 'phones', cloudValue: JSON.stringify(payload.phones), uhValue: phonesInUh },
  ];
}
