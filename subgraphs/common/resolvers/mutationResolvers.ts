import type { GraphQLResolveInfo } from 'graphql';
import type { GraphReadContext } from '../GraphReadContext';
import type { GraphWrites } from '../GraphWrites';
import type { PhoneType, RepairPriority } from '../../../stores/model/records';
import { badInput, conflict, notFound } from '../graphErrors';
import { contactChangeInput, endTenancyInput, newRepairInput, refusal } from '../mutationInputs';

/** What a mutation answers with, as the query field that reads the same entity would be asked for it. */
export type AnswerRoot =
  | { readonly field: 'person'; readonly args: { readonly id: string } }
  | { readonly field: 'tenancy'; readonly args: { readonly reference: string } }
  | { readonly field: 'repairRequest'; readonly args: { readonly reference: string } };

/**
 * The mutations, one implementation for both subgraphs: validated by the shared rules, written by the
 * store of the subgraph serving them (each write whole or not at all), then read back through the loaders.
 * `readAhead`, when the subgraph has one, first fetches everything the mutation's selection will read of its
 * answer (the legacy subgraph's look-ahead: one round trip to UH whatever the depth).
 */
export type GraphWriteContext = GraphReadContext & {
  readonly writes: GraphWrites;
  readonly readAhead?: (info: GraphQLResolveInfo, root: AnswerRoot) => Promise<void>;
};

/**
 * After a write, nothing this request has loaded may be reused: a later field of the same operation (another
 * mutation's answer) must read what was written, not what an earlier field cached or primed.
 */
function forgetEverythingLoaded(loaders: GraphReadContext['loaders']): void {
  for (const loader of Object.values(loaders)) loader.clearAll();
}

export const mutationResolvers = {
  updateContactDetails: async (
    _: unknown,
    args: {
      personId: string;
      input: { phones?: { number: string; type?: PhoneType | null }[] | null; email?: string | null };
    },
    { writes, loaders, readAhead }: GraphWriteContext,
    info: GraphQLResolveInfo,
  ) => {
    const change = contactChangeInput(args);
    const outcome = await writes.updateContactDetails(change.houseRef, change.personNo, {
      phones: change.phones,
      email: change.email,
    });
    if (outcome.kind === 'noSuchPerson') throw notFound('person', args.personId);
    forgetEverythingLoaded(loaders);
    await readAhead?.(info, { field: 'person', args: { id: args.personId } });
    const person = (await loaders.members.load(change.houseRef)).find(
      (member) => member.personNo === change.personNo,
    );
    // Removed from the household between the write and this read.
    if (person === undefined) throw notFound('person', args.personId);
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
    { writes, loaders, readAhead }: GraphWriteContext,
    info: GraphQLResolveInfo,
  ) => {
    const input = newRepairInput(args.input);
    const outcome = await writes.raiseRepair({ ...input, raisedAt: new Date() });
    switch (outcome.kind) {
      case 'noSuchProperty':
        throw notFound('property', input.propertyReference);
      case 'noMaintenance':
        throw conflict(refusal.noMaintenance(input.propertyReference));
      case 'raised':
        forgetEverythingLoaded(loaders);
        await readAhead?.(info, { field: 'repairRequest', args: { reference: outcome.reference } });
        return loaders.repair.load(outcome.reference);
    }
  },

  endTenancy: async (
    _: unknown,
    args: { reference: string; endDate: string },
    { writes, loaders, today, readAhead }: GraphWriteContext,
    info: GraphQLResolveInfo,
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
        forgetEverythingLoaded(loaders);
        await readAhead?.(info, { field: 'tenancy', args: { reference } });
        return loaders.tenancy.load(reference);
    }
  },
};
