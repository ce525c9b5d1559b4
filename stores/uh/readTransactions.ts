import type { UhClient } from './UhStore';
import { keyList, type KeySource, type UhParam, type UhQuery } from './UhQuery';
import type { Page, RentTransactionRecord } from '../model/records';
import { cleanDate, cleanMoney, cleanText } from './normalise';
import { decodeCursor, encodeCursor } from '../model/cursor';
import { INT, TAG_REF } from './uhTypes';

/**
 * Rent transactions, newest first. rtrans has no primary key; its unique index (batchid, transno,
 * line_no, line_segno) breaks ties between rows posted the same day, and the cursor is that key.
 */
const ORDER =
  'ISNULL(t.batchid, 0) DESC, ISNULL(t.transno, 0) DESC, ISNULL(t.line_no, 0) DESC, ISNULL(t.line_segno, 0) DESC';
export const COLUMNS = `t.tag_ref, t.post_date, t.trans_type, COALESCE(d.deb_desc, rc.rec_desc) AS type_desc,
  CONVERT(varchar(40), t.real_value) AS amount, t.trans_ref,
  ISNULL(t.batchid, 0) AS k1, ISNULL(t.transno, 0) AS k2, ISNULL(t.line_no, 0) AS k3, ISNULL(t.line_segno, 0) AS k4`;
export const FROM = `dbo.rtrans t WITH (NOLOCK)
  LEFT JOIN dbo.debtype d WITH (NOLOCK) ON d.deb_code = t.trans_type
  LEFT JOIN dbo.rectype rc WITH (NOLOCK) ON rc.rec_code = t.trans_type`;

export interface TransactionRow {
  tag_ref: string;
  post_date: Date | null;
  trans_type: string | null;
  type_desc: string | null;
  amount: string | null;
  trans_ref: string | null;
  k1: number;
  k2: number;
  k3: number;
  k4: number;
}

export interface TransactionWindow {
  readonly take: number;
  readonly after: string | null;
  /** Inclusive ISO dates bounding post_date. */
  readonly from: string | null;
  readonly to: string | null;
}

export function toTransaction(row: TransactionRow): RentTransactionRecord {
  return {
    date: cleanDate(row.post_date) ?? '1900-01-01',
    type: { code: cleanText(row.trans_type) ?? '', description: cleanText(row.type_desc) },
    amount: cleanMoney(row.amount) ?? '0.00',
    reference: cleanText(row.trans_ref),
  };
}

export function transactionsByKeys(keys: KeySource, window: TransactionWindow): UhQuery {
  const { where, params } = filters(window);
  let keyset = '';
  if (window.after !== null) {
    const [date, k1, k2, k3, k4] = decodeCursor(window.after, 5);
    keyset = ` AND (t.post_date < @aDate OR (t.post_date = @aDate AND (ISNULL(t.batchid, 0) < @k1
      OR (ISNULL(t.batchid, 0) = @k1 AND (ISNULL(t.transno, 0) < @k2
      OR (ISNULL(t.transno, 0) = @k2 AND (ISNULL(t.line_no, 0) < @k3
      OR (ISNULL(t.line_no, 0) = @k3 AND ISNULL(t.line_segno, 0) < @k4))))))))`;
    params.push(
      { type: 'smalldatetime', name: 'aDate', value: new Date(`${String(date)}T00:00:00Z`) },
      ...[k1, k2, k3, k4].map((value, index) => ({ ...INT, name: `k${index + 1}`, value: Number(value) })),
    );
  }
  return {
    name: 'transactionsByTenancy',
    text: `SELECT x.* FROM (SELECT ${COLUMNS}, ROW_NUMBER() OVER (PARTITION BY t.tag_ref ORDER BY t.post_date DESC, ${ORDER}) AS rn
  FROM ${FROM} WHERE t.tag_ref IN (${keys.sql})${where}${keyset}) x
WHERE x.rn <= @take ORDER BY x.tag_ref, x.rn`,
    params: [...keys.params, ...params, { ...INT, name: 'take', value: window.take + 1 }],
  };
}

export function transactionPages(
  rows: readonly TransactionRow[],
  take: number,
): Map<string, Page<RentTransactionRecord>> {
  const result = new Map<
    string,
    { items: { cursor: string; node: RentTransactionRecord }[]; hasNextPage: boolean }
  >();
  for (const row of rows) {
    const key = row.tag_ref.trim();
    const page = result.get(key) ?? { items: [], hasNextPage: false };
    result.set(key, page);
    if (page.items.length === take) {
      page.hasNextPage = true;
      continue;
    }
    const node = toTransaction(row);
    page.items.push({ cursor: encodeCursor([node.date, row.k1, row.k2, row.k3, row.k4]), node });
  }
  return result;
}

export async function transactionsByTenancy(
  store: UhClient,
  tagRefs: readonly string[],
  window: TransactionWindow,
): Promise<Map<string, Page<RentTransactionRecord>>> {
  const rows = await store.query<TransactionRow & { rn: number }>(
    transactionsByKeys(keyList('r', tagRefs, TAG_REF), window),
  );
  return transactionPages(rows, window.take);
}

export function transactionCountByKeys(
  keys: KeySource,
  window: Pick<TransactionWindow, 'from' | 'to'>,
): UhQuery {
  const { where, params } = filters(window);
  return {
    name: 'countTransactionsByTenancy',
    text: `SELECT t.tag_ref, COUNT(*) AS n FROM dbo.rtrans t WITH (NOLOCK) WHERE t.tag_ref IN (${keys.sql})${where} GROUP BY t.tag_ref`,
    params: [...keys.params, ...params],
  };
}

export function transactionCounts(rows: readonly { tag_ref: string; n: number }[]): Map<string, number> {
  return new Map(rows.map((row) => [row.tag_ref.trim(), row.n]));
}

export async function countTransactionsByTenancy(
  store: UhClient,
  tagRefs: readonly string[],
  window: Pick<TransactionWindow, 'from' | 'to'>,
): Promise<Map<string, number>> {
  const rows = await store.query<{ tag_ref: string; n: number }>(
    transactionCountByKeys(keyList('r', tagRefs, TAG_REF), window),
  );
  return transactionCounts(rows);
}

function filters(window: Pick<TransactionWindow, 'from' | 'to'>): { where: string; params: UhParam[] } {
  let where = '';
  const params: UhParam[] = [];
  if (window.from !== null) {
    where += ' AND t.post_date >= @from';
    params.push({ type: 'smalldatetime', name: 'from', value: new Date(`${window.from}T00:00:00Z`) });
  }
  if (window.to !== null) {
    // Inclusive end date: everything before the next day.
    where += ' AND t.post_date < @toNext';
    const next = new Date(`${window.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    params.push({ type: 'smalldatetime', name: 'toNext', value: next });
  }
  return { where, params };
}
