import type { PgStore } from './PgStore';
import type {
  ContactDetailsRecord,
  Page,
  PersonRecord,
  PropertyRecord,
  RentTransactionRecord,
  RepairRecord,
  TenancyRecord,
} from '../model/records';
import { decodeCursor, encodeCursor } from '../model/cursor';
import {
  MEMBER_COLUMNS,
  PROPERTY_COLUMNS,
  REPAIR_COLUMNS,
  TENANCY_COLUMNS,
  TRANSACTION_COLUMNS,
  toPersonRecord,
  toPropertyRecord,
  toRepairRecord,
  toTenancyRecord,
  toTransactionRecord,
  type MemberRow,
  type PropertyRow,
  type RepairRow,
  type TenancyRow,
  type TransactionRow,
} from './cloudRows';

/**
 * The cloud store's keyed reads: one SQL statement per batch, one array parameter (= ANY($1)), in the
 * same orders and with the same cursors as the legacy store, so both subgraphs page identically.
 */
export async function propertiesByReference(
  store: PgStore,
  refs: readonly string[],
): Promise<Map<string, PropertyRecord>> {
  const { rows } = await store.query<PropertyRow>(
    `SELECT ${PROPERTY_COLUMNS} FROM housing.property p WHERE p.reference = ANY($1::text[])`,
    [refs],
  );
  return new Map(rows.map((row) => [row.reference, toPropertyRecord(row)]));
}

export async function childrenByParent(
  store: PgStore,
  parents: readonly string[],
  take: number,
  after: string | null,
): Promise<Map<string, Page<PropertyRecord>>> {
  const { rows } = await store.query<PropertyRow & { rn: string }>(
    `SELECT * FROM (SELECT ${PROPERTY_COLUMNS}, row_number() OVER (PARTITION BY p.parent_reference ORDER BY p.reference) AS rn
       FROM housing.property p WHERE p.parent_reference = ANY($1::text[]) AND ($3::text IS NULL OR p.reference > $3)) x
     WHERE x.rn <= $2 ORDER BY x.parent_reference, x.rn`,
    [parents, take + 1, after],
  );
  return pages(
    rows,
    take,
    (row) => row.parent_reference,
    (row) => ({ cursor: encodeCursor([row.reference]), node: toPropertyRecord(row) }),
  );
}

export async function countChildrenByParent(
  store: PgStore,
  parents: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await store.query<{ parent_reference: string; n: number }>(
    `SELECT parent_reference, count(*)::int AS n FROM housing.property WHERE parent_reference = ANY($1::text[]) GROUP BY parent_reference`,
    [parents],
  );
  return new Map(rows.map((row) => [row.parent_reference, row.n]));
}

export async function tenanciesByReference(
  store: PgStore,
  refs: readonly string[],
): Promise<Map<string, TenancyRecord>> {
  const { rows } = await store.query<TenancyRow>(
    `SELECT ${TENANCY_COLUMNS} FROM housing.tenancy t WHERE t.reference = ANY($1::text[])`,
    [refs],
  );
  return new Map(rows.map((row) => [row.reference, toTenancyRecord(row)]));
}

/** Tenancies by property or household, newest start first, then reference (the legacy order). */
export async function tenanciesBy(
  store: PgStore,
  column: 'property_reference' | 'house_ref',
  keys: readonly string[],
): Promise<Map<string, TenancyRecord[]>> {
  const { rows } = await store.query<TenancyRow>(
    `SELECT ${TENANCY_COLUMNS} FROM housing.tenancy t WHERE t.${column} = ANY($1::text[])
     ORDER BY t.start_date DESC NULLS LAST, t.reference`,
    [keys],
  );
  const result = new Map<string, TenancyRecord[]>();
  for (const row of rows) {
    const key = column === 'house_ref' ? row.house_ref : row.property_reference;
    if (key === null) continue;
    result.set(key, [...(result.get(key) ?? []), toTenancyRecord(row)]);
  }
  return result;
}

export async function membersByHousehold(
  store: PgStore,
  houseRefs: readonly string[],
): Promise<Map<string, PersonRecord[]>> {
  const { rows } = await store.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM housing.household_member m WHERE m.house_ref = ANY($1::text[]) ORDER BY m.house_ref, m.person_no`,
    [houseRefs],
  );
  const result = new Map<string, PersonRecord[]>();
  for (const row of rows)
    result.set(row.house_ref, [...(result.get(row.house_ref) ?? []), toPersonRecord(row)]);
  return result;
}

export async function contactsByHousehold(
  store: PgStore,
  houseRefs: readonly string[],
): Promise<Map<string, ContactDetailsRecord>> {
  const { rows } = await store.query<{
    house_ref: string;
    phones: ContactDetailsRecord['phones'];
    email: string | null;
  }>(`SELECT house_ref, phones, email FROM housing.contact_details WHERE house_ref = ANY($1::text[])`, [
    houseRefs,
  ]);
  return new Map(rows.map((row) => [row.house_ref, { phones: row.phones, email: row.email }]));
}

export async function repairsByReference(
  store: PgStore,
  refs: readonly string[],
): Promise<Map<string, RepairRecord>> {
  const { rows } = await store.query<RepairRow>(
    `SELECT ${REPAIR_COLUMNS} FROM repairs.repair_request r WHERE r.reference = ANY($1::text[])`,
    [refs],
  );
  return new Map(rows.map((row) => [row.reference, toRepairRecord(row)]));
}

/** A request without a date sorts as the oldest (as in UH, where it is ISNULL(rq_date, 1900-01-01)). */
const RAISED = `coalesce(r.raised_at, timestamptz '1900-01-01 00:00:00+00')`;

export async function repairsByProperty(
  store: PgStore,
  properties: readonly string[],
  take: number,
  after: string | null,
): Promise<Map<string, Page<RepairRecord>>> {
  const [afterDate, afterRef] = after === null ? [null, null] : decodeCursor(after, 2);
  const { rows } = await store.query<RepairRow & { sort_at: string }>(
    `SELECT * FROM (SELECT ${REPAIR_COLUMNS}, to_char(${RAISED} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sort_at,
         row_number() OVER (PARTITION BY r.property_reference ORDER BY ${RAISED} DESC, r.reference DESC) AS rn
       FROM repairs.repair_request r WHERE r.property_reference = ANY($1::text[])
         AND ($3::timestamptz IS NULL OR ${RAISED} < $3 OR (${RAISED} = $3 AND r.reference < $4))) x
     WHERE x.rn <= $2 ORDER BY x.property_reference, x.rn`,
    [properties, take + 1, afterDate, afterRef],
  );
  return pages(
    rows,
    take,
    (row) => row.property_reference,
    (row) => ({ cursor: encodeCursor([row.sort_at, row.reference]), node: toRepairRecord(row) }),
  );
}

export async function countRepairsByProperty(
  store: PgStore,
  properties: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await store.query<{ property_reference: string; n: number }>(
    `SELECT property_reference, count(*)::int AS n FROM repairs.repair_request WHERE property_reference = ANY($1::text[]) GROUP BY property_reference`,
    [properties],
  );
  return new Map(rows.map((row) => [row.property_reference, row.n]));
}

export interface TransactionWindow {
  readonly take: number;
  readonly after: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

export async function transactionsByTenancy(
  store: PgStore,
  tenancies: readonly string[],
  window: TransactionWindow,
): Promise<Map<string, Page<RentTransactionRecord>>> {
  const key = window.after === null ? [null, null, null, null, null] : decodeCursor(window.after, 5);
  const { rows } = await store.query<TransactionRow>(
    `SELECT ${TRANSACTION_COLUMNS} FROM (SELECT t.*, row_number() OVER (PARTITION BY t.tenancy_reference
         ORDER BY t.posted_date DESC, t.batch_id DESC, t.trans_no DESC, t.line_no DESC, t.line_segno DESC) AS rn
       FROM finance.rent_transaction t WHERE t.tenancy_reference = ANY($1::text[])
         AND ($3::date IS NULL OR t.posted_date >= $3) AND ($4::date IS NULL OR t.posted_date <= $4)
         AND ($5::date IS NULL OR (t.posted_date, t.batch_id, t.trans_no, t.line_no, t.line_segno) < ($5, $6::int, $7::int, $8::int, $9::int))) x
     WHERE x.rn <= $2 ORDER BY x.tenancy_reference, x.rn`,
    [tenancies, window.take + 1, window.from, window.to, ...key],
  );
  return pages(
    rows,
    window.take,
    (row) => row.tenancy_reference,
    (row) => ({
      cursor: encodeCursor([row.posted_date, row.batch_id, row.trans_no, row.line_no, row.line_segno]),
      node: toTransactionRecord(row),
    }),
  );
}

export async function countTransactionsByTenancy(
  store: PgStore,
  tenancies: readonly string[],
  window: { from: string | null; to: string | null },
): Promise<Map<string, number>> {
  const { rows } = await store.query<{ tenancy_reference: string; n: number }>(
    `SELECT tenancy_reference, count(*)::int AS n FROM finance.rent_transaction
     WHERE tenancy_reference = ANY($1::text[]) AND ($2::date IS NULL OR posted_date >= $2) AND ($3::date IS NULL OR posted_date <= $3)
     GROUP BY tenancy_reference`,
    [tenancies, window.from, window.to],
  );
  return new Map(rows.map((row) => [row.tenancy_reference, row.n]));
}

/** Group rows (already in page order per group) into pages of `take`, noting whether more follow. */
function pages<R, T>(
  rows: readonly R[],
  take: number,
  groupOf: (row: R) => string | null,
  item: (row: R) => { cursor: string; node: T },
): Map<string, Page<T>> {
  const result = new Map<string, { items: { cursor: string; node: T }[]; hasNextPage: boolean }>();
  for (const row of rows) {
    const group = groupOf(row);
    if (group === null) continue;
    const page = result.get(group) ?? { items: [], hasNextPage: false };
    result.set(group, page);
    if (page.items.length === take) page.hasNextPage = true;
    else page.items.push(item(row));
  }
  return result;
}
