import type {
  EndTenancyOutcome,
  NewRepairInput,
  RaiseRepairOutcome,
  UpdateContactOutcome,
} from '../../stores/model/writeOutcomes';

/**
 * What the shared mutation resolvers need from whichever store masters an entity.
 */
export interface GraphWrites {
  /** Refuses (noSuchPerson) when the household has no such member, checked in the write's own transaction. */
  updateContactDetails(
    houseRef: string,
    personNo: number,
    change: { phones?: readonly string[]; email?: string },
  ): Promise<UpdateContactOutcome>;
  raiseRepair(repair: NewRepairInput & { raisedAt: Date }): Promise<RaiseRepairOutcome>;
  endTenancy(reference: string, endDate: string, today: string): Promise<EndTenancyOutcome>;
}
