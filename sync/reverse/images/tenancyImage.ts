import { cleanDate, cleanFlag } from '../../../stores/uh/normalise';
import { listParams, type UhQuery } from '../../../stores/uh/UhQuery';
import { TAG_REF } from '../../../stores/uh/uhTypes';
import type { TenancyEndPayload } from '../outboxPayloads';

/** The tenagree columns ending a tenancy sets (the backfill's tenancy entity reads them too). */
export interface TenancyImageRow {
  readonly eot: Date | null;
  readonly terminated: boolean | null;
}

/** Forward capture's SELECT for the image: the tenancy rows by tag_ref, with their rowversion. */
export function tenancyImageQuery(references: readonly string[]): UhQuery {
  const list = listParams('t', references, TAG_REF);
  return {
    name: 'tenancyImage',
    text: `SELECT t.tag_ref, t.eot, t.terminated, t.tstamp FROM dbo.tenagree t WHERE t.tag_ref IN (${list.sql})`,
    params: list.params,
  };
}

/** Does UH (this row; null when it has none) already hold the end date and flag the payload would write? */
export function tenancyEndInUh(payload: TenancyEndPayload, row: TenancyImageRow | null): boolean {
  if (row === null) return false;
  return cleanDate(row.eot) === payload.endDate && cleanFlag(row.terminated) === payload.terminated;
}
