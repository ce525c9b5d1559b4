import type { UhClient } from './UhStore';
import { keyList, type KeySource, type UhParam, type UhQuery } from './UhQuery';
import type { RowSetQuery } from './readProperties';
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

export function repairsByKeys(keys: KeySource): RowSetQuery {
  return {
    query: {
      name: 'repairsByReference',
      text: `SELECT ${COLUMNS} FROM dbo.rmreqst r WITH (NOLOCK) WHERE r.rq_ref IN (${keys.sql})`,
      params: keys.params,
    },
    column: (name) => ({
      sql: `SELECT r.${name} FROM dbo.rmreqst r WITH (NOLOCK) WHERE r.rq_ref IN (${keys.sql})`,
      params: keys.params,
    }),
  };
}

export function repairsFound(rows: readonly RepairRow[]): Map<string, RepairRecord> {
  return new Map(rows.map((row) => [toRepair(row).reference, toRepair(row)]));
}

export async function repairsByReference(
  store: UhClient,
  refs: readonly string[],
): Promise<Map<string, RepairRecord>> {
  return repairsFound(await store.query<RepairRow>(repairsByKeys(keyList('r', refs, RQ_REF)).query));
}

/**
 * Repairs of several properties, newest first, the first `take` of each after an optional cursor, in
 * one request. Leading-space prop_refs (an application fault) are found with LIKE ' %' and merged here.
 */
export function repairsOfPropertiesByKeys(keys: KeySource, take: number, after: string | null): RowSetQuery {
  const params: UhParam[] = [...keys.params, { ...INT, name: 'take', value: take + 1 }];
  let keyset = '';
  if (after !== null) {
    const [raisedAt, reference] = decodeCursor(after, 2);
    keyset = ` AND (${RAISED} < @afterDate OR (${RAISED} = @afterDate AND r.rq_ref < @afterRef))`;
    params.push(
      { type: 'datetime', name: 'afterDate', value: new Date(String(raisedAt)) },
      { ...RQ_REF, name: 'afterRef', value: String(reference) },
    );
  }
  const inner = `SELECT ${COLUMNS}, ROW_NUMBER() OVER (PARTITION BY r.prop_ref ORDER BY ${RAISED} DESC, r.rq_ref DESC) AS rn
  FROM dbo.rmreqst r WITH (NOLOCK) WHERE (r.prop_ref IN (${keys.sql}) OR r.prop_ref LIKE ' %')${keyset}`;
  return {
    query: { name: 'repairsByProperty', text: `SELECT x.* FROM (${inner}) x\nWHERE x.rn <= @take`, params },
    column: (name) => ({ sql: `SELECT x.${name} FROM (${inner}) x WHERE x.rn <= @take`, params }),
  };
}

/** The page of each wanted property (two partitions, padded and leading-space, may feed one property). */
export function repairPages(
  rows: readonly RepairRow[],
  take: number,
  wanted: ReadonlySet<string>,
): Map<string, Page<RepairRecord>> {
  const grouped = new Map<string, RepairRow[]>();
  for (const row of rows) {
    const key = canonicalPropertyRef(row.prop_ref);
    if (key === null || !wanted.has(key)) continue;
    grouped.set(key, [...(grouped.get(key) ?? []), row]);
  }
  const result = new Map<string, Page<RepairRecord>>();
  for (const [key, group] of grouped) {
    group.sort((a, b) => cursorSortKey(b).localeCompare(cursorSortKey(a)));
    result.set(key, {
      items: group.slice(0, take).map((row) => ({ cursor: cursorOf(row), node: toRepair(row) })),
      hasNextPage: group.length > take,
    });
  }
  return result;
}

export async function repairsByProperty(
  store: UhClient,
  propertyRefs: readonly string[],
  take: number,
  after: string | null,
): Promise<Map<string, Page<RepairRecord>>> {
  const { query } = repairsOfPropertiesByKeys(keyList('r', propertyRefs, PROP_REF), take, after);
  return repairPages(await store.query<RepairRow & { rn: number }>(query), take, new Set(propertyRefs));
}

function cursorSortKey(row: RepairRow): string {
  return `${(row.rq_date ?? new Date(-2208988800000)).toISOString()}|${row.rq_ref.trim()}`;
}

export function repairCountByKeys(keys: KeySource): UhQuery {
  return {
    name: 'countRepairsByProperty',
    text: `SELECT r.prop_ref, COUNT(*) AS n FROM dbo.rmreqst r WITH (NOLOCK)
WHERE r.prop_ref IN (${keys.sql}) OR r.prop_ref LIKE ' %' GROUP BY r.prop_ref`,
    params: keys.params,
  };
}

export function repairCounts(
  rows: readonly { prop_ref: string; n: number }[],
  wanted: ReadonlySet<string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = canonicalPropertyRef(row.prop_ref);
    if (key !== null && wanted.has(key)) counts.set(key, (counts.get(key) ?? 0) + row.n);
  }
  return counts;
}

export async function countRepairsByProperty(
  store: UhClient,
  propertyRefs: readonly string[],
): Promise<Map<string, number>> {
  const rows = await store.query<{ prop_ref: string; n: number }>(
    repairCountByKeys(keyList('r', propertyRefs, PROP_REF)),
  );
  return repairCounts(rows, new Set(propertyRefs));
}
