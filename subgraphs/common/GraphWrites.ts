import type { EndTenancyOutcome, NewRepairInput, RaiseRepairOutcome } from '../../stores/model/writeOutcomes';

/**
 * What the shared mutation resolvers need from whichever store masters an entity.
 */
export interface GraphWrites {
  updateContactDetails(
    houseRef: string,
    change: { phones?: readonly string[]; email?: string },
  ): Promise<void>;
  raiseRepair(repair: NewRepairInput & { raisedAt: Date }): Promise<RaiseRepairOutcome>;
  endTenancy(reference: string, endDate: string, today: string): Promise<EndTenancyOutcome>;
}
