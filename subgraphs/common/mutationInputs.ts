import type { PhoneType, RepairPriority } from '../../stores/model/records';
import { personId, propertyReference, tenancyReference } from '../../stores/model/references';
import { badInput } from './graphErrors';
import { quoteInput } from '../../core/quoteInput';
import type { NewRepairInput } from '../../stores/model/writeOutcomes';

/**
 * Mutation arguments validated once, the same way for both stores, before anything is written: each
 * problem is a BAD_USER_INPUT error saying what was expected. Limits follow UH's columns (the store that
 * masters may still be UH: char(21) phones, char(50) email, char(40) rq_name).
 */
const PHONE = /^\+?[0-9 ()-]{6,21}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ContactChangeInput {
  readonly houseRef: string;
  readonly personNo: number;
  readonly phones?: readonly string[];
  readonly email?: string;
}

export function contactChangeInput(args: {
  personId: string;
  input: { phones?: readonly { number: string; type?: PhoneType | null }[] | null; email?: string | null };
}): ContactChangeInput {
  const { houseRef, personNo } = personId(args.personId, 'personId');
  const phones = args.input.phones ?? undefined;
  if (phones !== undefined && phones.length > 3) {
    throw badInput(
      `input.phones: expected at most 3 numbers (UH keeps three), got ${phones.length}`,
      'input.phones',
    );
  }
  for (const [index, phone] of (phones ?? []).entries()) {
    if (!PHONE.test(phone.number.trim())) {
      throw badInput(
        `input.phones[${index}].number: expected a phone number of 6 to 21 digits, spaces, +, ( ) or -, got ${quoteInput(phone.number)}`,
        `input.phones[${index}].number`,
      );
    }
  }
  const email = args.input.email === null ? undefined : args.input.email?.trim();
  if (email !== undefined && email !== '' && (!EMAIL.test(email) || email.length > 50)) {
    throw badInput(
      `input.email: expected an email address of at most 50 characters (or "" to remove it), got ${quoteInput(args.input.email)}`,
      'input.email',
    );
  }
  return { houseRef, personNo, phones: phones?.map((phone) => phone.number.trim()), email };
}

export function newRepairInput(input: {
  propertyReference: string;
  description: string;
  priority: RepairPriority;
  contactName?: string | null;
  contactPhone?: string | null;
}): NewRepairInput {
  const reference = propertyReference(input.propertyReference, 'input.propertyReference');
  const description = input.description.trim();
  if (description.length < 3 || description.length > 4000) {
    throw badInput(
      `input.description: expected 3 to 4000 characters describing the problem, got ${description.length}`,
      'input.description',
    );
  }
  const contactName = input.contactName?.trim() || null;
  if (contactName !== null && contactName.length > 40) {
    throw badInput(
      `input.contactName: expected at most 40 characters (UH's rq_name), got ${contactName.length}`,
      'input.contactName',
    );
  }
  const contactPhone = input.contactPhone?.trim() || null;
  if (contactPhone !== null && !PHONE.test(contactPhone)) {
    throw badInput(
      `input.contactPhone: expected a phone number of 6 to 21 digits, spaces, +, ( ) or -, got ${quoteInput(input.contactPhone)}`,
      'input.contactPhone',
    );
  }
  return { propertyReference: reference, description, priority: input.priority, contactName, contactPhone };
}

/**
 * The end dates a tenancy can be given: what UH's eot (smalldatetime) holds, from 1900-01-01 to 2079-06-06,
 * less 1900-01-01, which UH reads as "no date". The cloud refuses the same dates: it syncs them back to UH.
 */
export const END_DATE_RANGE = { from: '1900-01-02', to: '2079-06-06' } as const;

export function endTenancyInput(args: { reference: string; endDate: string }): {
  reference: string;
  endDate: string;
} {
  const reference = tenancyReference(args.reference);
  if (args.endDate < END_DATE_RANGE.from || args.endDate > END_DATE_RANGE.to) {
    throw badInput(
      `endDate: expected a date from ${END_DATE_RANGE.from} to ${END_DATE_RANGE.to} (what UH's smalldatetime holds), got ${args.endDate}`,
      'endDate',
    );
  }
  return { reference, endDate: args.endDate };
}

/** Messages both stores give for the same refusals. */
export const refusal = {
  noMaintenance: (reference: string) =>
    `repairs cannot be raised on property ${reference}: UH marks it as not maintained`,
  alreadyEnded: (reference: string, endDate: string | null) =>
    `tenancy ${reference} already has an end date${endDate ? ` (${endDate})` : ' (it is terminated)'}`,
  beingEnded: (reference: string) =>
    `tenancy ${reference} is being ended by another request; read it again to see its end date`,
  beforeStart: (startDate: string, endDate: string) =>
    `endDate: expected a date on or after the tenancy's start (${startDate}), got ${endDate}`,
};
