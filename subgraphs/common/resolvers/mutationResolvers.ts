import type { GraphReadContext } from '../GraphReadContext';
import type { GraphWrites } from '../GraphWrites';
import type { PhoneType, RepairPriority } from '../../../stores/model/records';
import { badInput, conflict, notFound } from '../graphErrors';
import { contactChangeInput, endTenancyInput, newRepairInput, refusal } from '../mutationInputs';

/**
 * The mutations, one implementation for both subgraphs: validated by the shared rules, written by the
 * store of the subgraph serving them (each write whole or not at all), then read back through the loaders.
 */
export type GraphWriteContext = GraphReadContext & { readonly writes: GraphWrites };

export const mutationResolvers = {
  updateContactDetails: async (
    _: unknown,
    args: {
      personId: string;
      input: { phones?: { number: string; type?: PhoneType | null }[] | null; email?: string | null };
    },
    { writes, loaders }: GraphWriteContext,
  ) => {
    const change = contactChangeInput(args);
    const person = (await loaders.members.load(change.houseRef)).find(
      (member) => member.personNo === change.personNo,
    );
    if (person === undefined) throw notFound('person', args.personId);
    await writes.updateContactDetails(change.houseRef, { phones: change.phones, email: change.email });
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
    { writes, loaders }: GraphWriteContext,
  ) => {
    const input = newRepairInput(args.input);
    const outcome = await writes.raiseRepair({ ...input, raisedAt: new Date() });
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
    { writes, loaders, today }: GraphWriteContext,
  ) => {
    const { reference, endDate } = endTenancyInput(args);
    const outcome = await writes.endTenancy(reference, endDate, today);
    switch (outcome.kind) {
      case 'noSuchTenancy':
        throw notFound('tenancy', reference);
      case 'alreadyEnded':
        throw conflict(refusal.alreadyEnded(reference, outcome.endDate));
      case 'beingEnded':
        throw conflict(refusal.beingEnded(reference));
      case 'beforeStart':
        throw badInput(refusal.beforeStart(outcome.startDate, endDate), 'endDate');
      case 'ended':
        loaders.tenancy.clear(reference);
        return loaders.tenancy.load(reference);
    }
  },
};
