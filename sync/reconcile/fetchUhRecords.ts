import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import type { UhParam } from '../../stores/uh/UhQuery';
import { INT } from '../../stores/uh/uhTypes';
import type { KeyValue } from '../backfill/BackfillEntity';
import { keyOfRow } from '../backfill/keysetPredicate';
import { sourceKey } from '../backfill/mapRows';
import type { AnyReconcileEntity } from './ReconcileEntity';

/** One UH row as the backfill would take it: the record its mappers make, or why it cannot be one. */
export interface UhEntityRow<T = unknown> {
  readonly rawKey: KeyValue[];
  /** The key as sync.reject keeps it (the backfill's sourceKey). */
  readonly sourceKey: string;
  readonly record: T | null;
  readonly rejection: { readonly reason: string; readonly detail?: string } | null;
  /** The walked table's rowversion, when the backfill's SELECT reads it. */
  readonly tstamp: Buffer | null;
  readonly row: UhRow;
}

/** No TOP limit: the predicate bounds the rows. */
const UNBOUNDED = 2_147_483_647;

/** Read rows with the backfill's own SELECT (chunkSql) and map them with its own mappers. */
export async function fetchUhRecords(
  uh: UhStore,
  entity: AnyReconcileEntity,
  where: { readonly sql: string; readonly params: readonly UhParam[] },
): Promise<UhEntityRow[]> {
  const rows = await uh.query<UhRow>({
    name: `reconcile.${entity.name}.rows`,
    text: entity.backfill.chunkSql(where.sql),
    params: [{ ...INT, name: 'n', value: UNBOUNDED }, ...where.params],
  });
  return mapUhRows(entity, rows);
}

/**
 * Rows grouped by their UH key (an entity row may come back as several joined rows: a household with its
 * tenancies' contacts) and mapped one key at a time, so each result belongs to its own UH row.
 */
export function mapUhRows(entity: AnyReconcileEntity, rows: readonly UhRow[]): UhEntityRow[] {
  const columns = entity.backfill.keyColumns;
  const groups = new Map<string, UhRow[]>();
  for (const row of rows) {
    const key = sourceKey(columns, row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return [...groups].map(([key, group]) => {
    const first = group[0] as UhRow;
    const mapped = entity.backfill.map(group);
    const rejected = mapped.rejections[0];
    return {
      rawKey: keyOfRow(columns, first),
      sourceKey: key,
      record: mapped.records[0] ?? null,
      rejection:
        mapped.records.length > 0 || rejected === undefined
          ? null
          : {
              reason: rejected.reason,
              ...(rejected.detail === undefined ? {} : { detail: rejected.detail }),
            },
      tstamp: Buffer.isBuffer(first.tstamp) ? first.tstamp : null,
      row: first,
    };
  });
}
