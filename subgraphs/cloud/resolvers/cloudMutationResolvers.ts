import type { CloudContext } from './CloudContext';
import type { PhoneType, RepairPriority } from '../../common/records';
import { badInput, conflict, notFound } from '../../common/graphErrors';
import { contactChangeInput, endTenancyInput, newRepairInput, refusal } from '../../common/mutationInputs';
import { endTenancyInCloud, raiseRepairInCloud, updateContactDetailsInCloud } from '../store/writeCloud';

/** Mutations while the cloud masters an entity: the shared validation, then cloud tables + outbox in one transaction. */
export const cloudMutationResolvers = {
  updateContactDetails: async (
    _: unknown,
    args: {
      personId: string;
      input: { phones?: { number: string; type?: PhoneType | null }[] | null; email?: string | null };
    },
    { store, loaders }: CloudContext,
  ) => {
    const change = contactChangeInput(args);
    const person = (await loaders.members.load(change.houseRef)).find(
      (member) => member.personNo === change.personNo,
    );
    if (person === undefined) throw notFound('person', args.personId);
    await updateContactDetailsInCloud(store, change.houseRef, { phones: change.phones, email: change.email });
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
    { store, loaders }: CloudContext,
  ) => {
    const input = newRepairInput(args.input);
    const outcome = await raiseRepairInCloud(store, { ...input, raisedAt: new Date() });
    switch (outcome.kind) {
      case 'noSuchProperty':
        throw notFound('property', input.propertyReference);
      case 'noMaintenance':
        throw conflict(refusal.noMaintenance(input.propertyReference));
      case 'raised':
        return loaders.repair.load(outcome.reference);
    }
  },

  endTenancy: async (
    _: unknown,
    args: { reference: string; endDate: string },
    { store, loaders, today }: CloudContext,
  ) => {
    const { reference, endDate } = endTenancyInput(args);
    const outcome = await endTenancyInCloud(store, reference, endDate, today);
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
