import type { TenancyRecord } from '../../stores/model/records';

/** Active: not terminated, and no end date before today (UH's terminated flag and eot disagree at times). */
export function tenancyIsActive(tenancy: TenancyRecord, today: string): boolean {
  return !tenancy.terminated && (tenancy.endDate === null || tenancy.endDate >= today);
}
