import type { PropertyRecord, TenancyRecord } from '../../stores/model/records';
import type { ParentClaimRecord } from '../../stores/cloud/readCloudOnly';

export interface DataQualityIssue {
  readonly code: string;
  readonly message: string;
  readonly source: string;
}

/**
 * Findings about one property's record, its tenancies and the sync, from data already loaded. Each has a
 * stable code (for dashboards and filters) and a message a housing officer can act on.
 */
export function findDataQualityIssues(input: {
  property: PropertyRecord;
  claims: readonly ParentClaimRecord[];
  /** Whether each claimed parent reference exists as a property. */
  parentExists: ReadonlyMap<string, boolean>;
  tenancies: readonly TenancyRecord[];
  /** How many properties hold this property's UPRN (1 when only itself). */
  uprnHolders: number;
  rejects: readonly { source: string; reason: string }[];
  today: string;
}): DataQualityIssue[] {
  const { property } = input;
  const source = `property ${property.reference}`;
  const issues: DataQualityIssue[] = [];
  if (property.uprn === null && (property.level === 'DWELLING' || property.level === 'NON_DWELLING')) {
    issues.push({
      code: 'UPRN_MISSING',
      message: 'no valid UPRN (11-12 digits) is held for this property in UH',
      source,
    });
  }
  if (property.uprn !== null && input.uprnHolders > 1) {
    issues.push({
      code: 'UPRN_SHARED',
      message: `UPRN ${property.uprn} is also held by ${input.uprnHolders - 1} other propert${input.uprnHolders === 2 ? 'y' : 'ies'}`,
      source,
    });
  }
  const preferred = input.claims.find((claim) => claim.isPreferred);
  if (preferred !== undefined && input.parentExists.get(preferred.parentReference) === false) {
    issues.push({
      code: 'PARENT_MISSING',
      message: `UH's parent ${preferred.parentReference} (major_ref) is not a property`,
      source,
    });
  }
  const block = input.claims.find((claim) => claim.source === 'UH_U_BLOCK');
  if (
    property.level === 'DWELLING' &&
    preferred !== undefined &&
    block !== undefined &&
    block.parentReference !== preferred.parentReference
  ) {
    issues.push({
      code: 'PARENT_CLAIMS_DISAGREE',
      message: `UH's u_block names ${block.parentReference} but its major_ref names ${preferred.parentReference}`,
      source,
    });
  }
  for (const tenancy of input.tenancies) {
    const at = `tenancy ${tenancy.reference}`;
    if (tenancy.terminated && tenancy.endDate === null) {
      issues.push({
        code: 'TENANCY_TERMINATED_WITHOUT_END',
        message: 'marked terminated but has no end date',
        source: at,
      });
    } else if (tenancy.terminated && tenancy.endDate !== null && tenancy.endDate > input.today) {
      issues.push({
        code: 'TENANCY_TERMINATED_BEFORE_END',
        message: `marked terminated but its end date ${tenancy.endDate} is still to come`,
        source: at,
      });
    } else if (!tenancy.terminated && tenancy.endDate !== null && tenancy.endDate < input.today) {
      issues.push({
        code: 'TENANCY_ENDED_NOT_TERMINATED',
        message: `its end date ${tenancy.endDate} has passed but it is not marked terminated`,
        source: at,
      });
    }
    if (tenancy.startDate !== null && tenancy.startDate < '1920-01-01') {
      issues.push({
        code: 'TENANCY_START_OUT_OF_RANGE',
        message: `its start date ${tenancy.startDate} is before 1920: probably mistyped`,
        source: at,
      });
    }
  }
  for (const reject of input.rejects) {
    issues.push({
      code: 'SYNC_REJECTED',
      message: `a UH ${reject.source} row could not be synced: ${reject.reason}`,
      source,
    });
  }
  return issues;
}
