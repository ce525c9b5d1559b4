import type { UhStore } from './UhStore';
import { listParams, type UhParam } from './UhQuery';
import type { Page, RepairRecord } from '../model/records';
import { cleanDateTime, cleanText } from './normalise';
import { canonicalPropertyRef } from './canonicalRefs';
import { PRIORITY_BY_CODE } from './codeLists';
import { decodeCursor, encodeCursor } from '../model/cursor';
import { INT, PROP_REF, RQ_REF } from './uhTypes';

export const COLUMNS = 'r.rq_ref, r.prop_ref, r.rq_priority, r.rq_status, r.rq_date, r.rq_problem';
/** A request without a date sorts as the oldest. */
const RAISED = `ISNULL(r.rq_date, CONVERT(datetime, '1900-01-01'))`;

export interface RepairRow {
  rq_ref: string;
  prop_ref: string | null;
  rq_priority: string | null;
  rq_status: string | null;
  rq_date: Date | null;
  rq_problem: string | null;
}

export function toRepair(row: RepairRow): RepairRecord {
  const priority = cleanText(row.rq_priority);
  return {
    reference: canonicalPropertyRef(row.rq_ref) ?? row.rq_ref.trim(),
    propertyReference: canonicalPropertyRef(row.prop_ref),
    priority: priority === null ? null : (PRIORITY_BY_CODE[priority] ?? null),
    status: cleanText(row.rq_status),
    raisedAt: cleanDateTime(row.rq_date),
    description: cleanText(row.rq_problem),
  };
}

function cursorOf(row: RepairRow): string {
  return encodeCursor([(row.rq_date ?? new Date('1900-01-01T00:00:00Z')).toISOString(), row.rq_ref.trim()]);
}

export async function repairsByReference(
  store: UhStore,
  refs: readonly string[],
): Promise<Map<string, RepairRecord>> {
  const list = listParams('r', refs, RQ_REF);
  const rows = await store.query<RepairRow>({
    name: 'repairsByReference',
    text: `SELECT ${COLUMNS} FROM dbo.rmreqst r WITH (NOLOCK) WHERE r.rq_ref IN (${list.sql})`,
    params: list.params,
  });
  return new Map(rows.map((row) => [toRepair(row).reference, toRepair(row)]));
}

/**
 * Repairs of several properties, newest first, the first `take` of each after an optional cursor, in
 * one request. Leading-space prop_refs (an application fault) are found with LIKE ' %' and merged here.
 */
export async function repairsByProperty(
  store: UhStore,
  propertyRefs: readonly string[],
  take: number,
  after: string | null,
): Promise<Map<string, Page<RepairRecord>>> {
  const list = listParams('r', propertyRefs, PROP_REF);
  const params: UhParam[] = [...list.params, { ...INT, name: 'take', value: take + 1 }];
  let keyset = '';
  if (after !== null) {
    const [raisedAt, reference] = decodeCursor(after, 2);
    keyset = ` AND (${RAISED} < @afterDate OR (${RAISED} = @afterDate AND r.rq_ref < @afterRef))`;
    params.push(
      { type: 'datetime', name: 'afterDate', value: new Date(String(raisedAt)) },
      { ...RQ_REF, name: 'afterRef', value: String(reference) },
    );
  }
  const rows = await store.query<RepairRow & { rn: number }>({
    name: 'repairsByProperty',
    text: `SELECT x.* FROM (SELECT ${COLUMNS}, ROW_NUMBER() OVER (PARTITION BY r.prop_ref ORDER BY ${RAISED} DESC, r.rq_ref DESC) AS rn
  FROM dbo.rmreqst r WITH (NOLOCK) WHERE (r.prop_ref IN (${list.sql}) OR r.prop_ref LIKE ' %')${keyset}) x
WHERE x.rn <= @take`,
    params,
  });
  const wanted = new Set(propertyRefs);
  const grouped = new Map<string, RepairRow[]>();
  for (const row of rows) {
    const key = canonicalPropertyRef(row.prop_ref);
    if (key === null || !wanted.has(key)) continue;
    grouped.set(key, [...(grouped.get(key) ?? []), row]);
  }
  const result = new Map<string, Page<RepairRecord>>();
  for (const [key, group] of grouped) {
    // Two partitions (padded and leading-space) may feed one property: merge them in the page order.
    group.sort((a, b) => cursorSortKey(b).localeCompare(cursorSortKey(a)));
    result.set(key, {
      items: group.slice(0, take).map((row) => ({ cursor: cursorOf(row), node: toRepair(row) })),
      hasNextPage: group.length > take,
    });
  }
  return result;
}

function cursorSortKey(row: RepairRow): string {
  return `${(row.rq_date ?? new Date(-2208988800000)).toISOString()}|${row.rq_ref.trim()}`;
}

export async function countRepairsByProperty(
  store: UhStore,
  propertyRefs: readonly string[],
): Promise<Map<string, number>> {
  const list = listParams('r', propertyRefs, PROP_REF);
  const rows = await store.query<{ prop_ref: string; n: number }>({
    name: 'countRepairsByProperty',
    text: `SELECT r.prop_ref, COUNT(*) AS n FROM dbo.rmreqst r WITH (NOLOCK)
WHERE r.prop_ref IN (${list.sql}) OR r.prop_ref LIKE ' %' GROUP BY r.prop_ref`,
    params: list.params,
  });
  const wanted = new Set(propertyRefs);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = canonicalPropertyRef(row.prop_ref);
    if (key !== null && wanted.has(key)) counts.set(key, (counts.get(key) ?? 0) + row.n);
  }
  return counts;
}
