import { CODE_BY_PRIORITY } from '../../../stores/uh/codeLists';
import { canonicalPropertyRef } from '../../../stores/uh/canonicalRefs';
import { cleanText } from '../../../stores/uh/normalise';
import { nearestUhText } from '../../../stores/uh/windows1252';
import { listParams, type UhQuery } from '../../../stores/uh/UhQuery';
import { OPEN_STATUS } from '../../../stores/uh/writeRepairs';
import type { RepairRow } from '../../../stores/uh/readRepairs';
import { RQ_REF } from '../../../stores/uh/uhTypes';
import type { RepairRequestPayload } from '../outboxPayloads';
import type { LossyText } from './LossyText';

/** The rmreqst columns a raised request sets (as the backfill's repairRequest entity reads them). */
export type RepairImageRow = RepairRow & {
  readonly rq_name: string | null;
  readonly rq_phone: string | null;
};

/** Forward capture's SELECT for the image: the request rows by rq_ref, with their rowversion. */
export function repairRequestImageQuery(references: readonly string[]): UhQuery {
  const list = listParams('r', references, RQ_REF);
  return {
    name: 'repairRequestImage',
    text: `SELECT r.rq_ref, r.prop_ref, r.rq_priority, r.rq_status, r.rq_date, r.rq_problem, r.rq_name, r.rq_phone, r.tstamp
FROM dbo.rmreqst r WHERE r.rq_ref IN (${list.sql})`,
    params: list.params,
  };
}

/**
 * SQL Server's datetime keeps 1/300 s: tedious rounds a JS time to the nearest tick (at most 1.67 ms off)
 * and the value read back is cut to whole milliseconds, so one time written reads back within 3 ms, while
 * two different ticks are at least 3.33 ms apart.
 * https://learn.microsoft.com/en-us/sql/t-sql/data-types/datetime-transact-sql ("Rounding of datetime
 * fractional second precision").
 */
const DATETIME_TOLERANCE_MS = 3;

/** Does UH (this row; null when it has none) already hold the request the payload would insert? */
export function repairRequestInUh(payload: RepairRequestPayload, row: RepairImageRow | null): boolean {
  if (row === null || row.rq_date === null) return false;
  return (
    canonicalPropertyRef(row.prop_ref) === payload.propertyReference &&
    cleanText(row.rq_priority) === CODE_BY_PRIORITY[payload.priority] &&
    cleanText(row.rq_status) === OPEN_STATUS &&
    Math.abs(row.rq_date.getTime() - payload.raisedAt.getTime()) <= DATETIME_TOLERANCE_MS &&
    cleanText(row.rq_problem) === cleanText(nearestUhText(payload.description)) &&
    cleanText(row.rq_name) === cleanText(nearestUhText(payload.contactName ?? '')) &&
    cleanText(row.rq_phone) === cleanText(nearestUhText(payload.contactPhone ?? ''))
  );
}

/** Cloud columns of repairs.repair_request with text. */
export function repairRequestLossyText(payload: RepairRequestPayload): LossyText[] {
  return [
    { field: 'description', cloudValue: payload.description },
    { field: 'contact_name', cloudValue: payload.contactName ?? '' },
    { field: 'contact_phone', cloudValue: payload.contactPhone ?? '' },
  ].map((text) => ({ ...text, uhValue: nearestUhText(text.cloudValue) }));
}
