import type { LegacyContext } from './LegacyContext';
import type { PhoneType, RepairPriority } from '../../common/records';
import { writeContactDetails } from '../store/writeContacts';
import { raiseRepair } from '../store/writeRepairs';
import { endTenancyInUh } from '../store/writeTenancies';
import { repairsByReference } from '../store/readRepairs';
import { badInput, conflict, notFound } from '../../common/graphErrors';
import { contactChangeInput, endTenancyInput, newRepairInput, refusal } from '../../common/mutationInputs';

/** Mutations while UH masters an entity: validated (shared rules), then one UH transaction each. */
export const mutationResolvers = {
  updateContactDetails: async (
    _: unknown,
    args: {
      personId: string;
      input: { phones?: { number: string; type?: PhoneType | null }[] | null; email?: string | null };
    },
    { store, loaders }: LegacyContext,
  ) => {
    const change = contactChangeInput(args);
    const person = (await loaders.members.load(change.houseRef)).find(
      (member) => member.personNo === change.personNo,
    );
    if (person === undefined) throw notFound('person', args.personId);
    await writeContactDetails(store, change.houseRef, { phones: change.phones, email: change.email });
    loaders.contacts.clear(change.houseRef);
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
    const input = newRepairInput(args.input);
    const outcome = await raiseRepair(store, { ...input, raisedAt: new Date() });
    switch (outcome.kind) {
      case 'noSuchProperty':
        throw notFound('property', input.propertyReference);
      case 'noMaintenance':
        throw conflict(refusal.noMaintenance(input.propertyReference));
      case 'raised':
        return (await repairsByReference(store, [outcome.reference])).get(outcome.reference);
    }
  },

  endTenancy: async (
    _: unknown,
    args: { reference: string; endDate: string },
    { store, loaders, today }: LegacyContext,
  ) => {
    const { reference, endDate } = endTenancyInput(args);
    const outcome = await endTenancyInUh(store, reference, endDate, today);
    switch (outcome.kind) {
      case 'noSuchTenancy':
        throw notFound('tenancy', reference);
      case 'alreadyEnded':
        throw conflict(refusal.alreadyEnded(reference, outcome.endDate));
      case 'beforeStart':
        throw badInput(refusal.beforeStart(outcome.startDate, endDate), 'endDate');
      case 'ended':
        loaders.tenancy.clear(reference);
        return loaders.tenancy.load(reference);
    }
  },
};
