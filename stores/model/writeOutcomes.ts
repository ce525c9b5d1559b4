import type { RepairPriority } from './records';

/**
 * What a write asks of whichever store masters its entity, and the outcomes both stores report for it.
 * Both stores apply the same rules; the subgraphs' shared mutation resolvers turn outcomes into the same
 * errors.
 */
export interface NewRepairInput {
  readonly propertyReference: string;
  readonly description: string;
  readonly priority: RepairPriority;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
}

export type UpdateContactOutcome = { readonly kind: 'updated' } | { readonly kind: 'noSuchPerson' };

export type RaiseRepairOutcome =
  | { readonly kind: 'raised'; readonly reference: string }
  | { readonly kind: 'noSuchProperty' }
  | { readonly kind: 'noMaintenance' };

export type EndTenancyOutcome =
  | { readonly kind: 'ended' }
  | { readonly kind: 'noSuchTenancy' }
  | { readonly kind: 'alreadyEnded'; readonly endDate: string | null }
  /** Another request is ending it at this moment (its end date is not visible yet). */
  | { readonly kind: 'beingEnded' }
  | { readonly kind: 'beforeStart'; readonly startDate: string };
