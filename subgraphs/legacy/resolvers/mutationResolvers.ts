import type { LegacyContext } from './LegacyContext';
import type { PhoneType, RepairPriority } from '../../common/records';
import { personId, propertyReference, tenancyReference } from '../../common/references';
import { writeContactDetails } from '../store/writeContacts';
import { raiseRepair } from '../store/writeRepairs';
import { endTenancyInUh } from '../store/writeTenancies';
import { repairsByReference } from '../store/readRepairs';
import { badInput, conflict, notFound } from '../../common/graphErrors';

/** A UK phone number as UH stores it: digits, spaces, +, brackets, hyphens; at most 21 characters (char(21)). */
const PHONE = /^\+?[0-9 ()-]{6,21}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const mutationResolvers = {
  updateContactDetails: async (
    _: unknown,
    args: {
      personId: string;
      input: { phones?: { number: string; type?: PhoneType | null }[] | null; email?: string | null };
    },
    { store, loaders }: LegacyContext,
  ) => {
    const { houseRef, personNo } = personId(args.personId, 'personId');
    const phones = args.input.phones ?? undefined;
    if (phones !== undefined && phones.length > 3) {
      throw badInput(
        `input.phones: expected at most 3 numbers (UH keeps three), got ${phones.length}`,
        'input.phones',
      );
    }
    for (const [index, phone] of (phones ?? []).entries()) {
      const number = phone.number.trim();
      if (!PHONE.test(number) || number.length > 21) {
        throw badInput(
          `input.phones[${index}].number: expected a phone number of 6 to 21 digits, spaces, +, ( ) or -, got "${phone.number}"`,
          `input.phones[${index}].number`,
        );
      }
    }
    const email = args.input.email === null ? undefined : args.input.email?.trim();
    if (email !== undefined && email !== '' && (!EMAIL.test(email) || email.length > 50)) {
      throw badInput(
        `input.email: expected an email address of at most 50 characters (or "" to remove it), got "${args.input.email}"`,
        'input.email',
      );
    }
    const person = (await loaders.members.load(houseRef)).find((member) => member.personNo === personNo);
    if (person === undefined) throw notFound('person', args.personId);
    await writeContactDetails(store, houseRef, {
      phones: phones?.map((phone) => phone.number.trim()),
      email,
    });
    loaders.contacts.clear(houseRef);
    return person;
  },

  raiseRepairRequest: async (
    _: unknown,
    args: {
      input: {
        propertyReference: string;
        description: string;
        priority: RepairPriority;
        contactName?: string | null;
        contactPhone?: string | null;
      };
    },
    { store }: LegacyContext,
  ) => {
    const input = args.input;
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
        `input.contactPhone: expected a phone number of 6 to 21 digits, spaces, +, ( ) or -, got "${input.contactPhone}"`,
        'input.contactPhone',
      );
    }
    const outcome = await raiseRepair(store, {
      propertyReference: reference,
      description,
      priority: input.priority,
      contactName,
      contactPhone,
      raisedAt: new Date(),
    });
    switch (outcome.kind) {
      case 'noSuchProperty':
        throw notFound('property', reference);
      case 'noMaintenance':
        throw conflict(`repairs cannot be raised on property ${reference}: UH marks it as not maintained`);
      case 'raised':
        return (await repairsByReference(store, [outcome.reference])).get(outcome.reference);
    }
  },

  endTenancy: async (
    _: unknown,
    args: { reference: string; endDate: string },
    { store, loaders, today }: LegacyContext,
  ) => {
    const reference = tenancyReference(args.reference);
    const outcome = await endTenancyInUh(store, reference, args.endDate, today);
    switch (outcome.kind) {
      case 'noSuchTenancy':
        throw notFound('tenancy', reference);
      case 'alreadyEnded':
        throw conflict(
          `tenancy ${reference} already has an end date${outcome.endDate ? ` (${outcome.endDate})` : ' (it is terminated)'}`,
        );
      case 'beforeStart':
        throw badInput(
          `endDate: expected a date on or after the tenancy's start (${outcome.startDate}), got ${args.endDate}`,
          'endDate',
        );
      case 'ended':
        loaders.tenancy.clear(reference);
        return loaders.tenancy.load(reference);
    }
  },
};
