import type { NewRepairInput } from './mutationInputs';

/**
 * What the shared mutation resolvers need from whichever store masters an entity. Both stores apply the
 * same rules and report the same outcomes; the resolvers turn outcomes into the same errors.
 */
export type RaiseRepairOutcome =
  | { readonly kind: 'raised'; readonly reference: string }
  | { readonly kind: 'noSuchProperty' }
  | { readonly kind: 'noMaintenance' };

export type EndTenancyOutcome =
  | { readonly kind: 'ended' }
  | { readonly kind: 'noSuchTenancy' }
  | { readonly kind: 'alreadyEnded'; readonly endDate: string | null }
  | { readonly kind: 'beforeStart'; readonly startDate: string };

export interface GraphWrites {
  updateContactDetails(
    houseRef: string,
    change: { phones?: readonly string[]; email?: string },
  ): Promise<void>;
  raiseRepair(repair: NewRepairInput & { raisedAt: Date }): Promise<RaiseRepairOutcome>;
  endTenancy(reference: string, endDate: string, today: string): Promise<EndTenancyOutcome>;
}
