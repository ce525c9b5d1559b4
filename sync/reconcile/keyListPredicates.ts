import type { UhParam } from '../../stores/uh/UhQuery';
import type { KeyValue } from '../backfill/BackfillEntity';
import type { AnyReconcileEntity } from './ReconcileEntity';

/** UH rows with these keys (as the backfill keeps keys: NULL compared with IS NULL), parameters @q<i>_<j>. */
export function uhKeyListPredicate(
  entity: AnyReconcileEntity,
  keys: readonly (readonly KeyValue[])[],
): { sql: string; params: UhParam[] } {
  const columns = entity.backfill.keyColumns;
  const params: UhParam[] = [];
  const terms = keys.map((key, i) => {
    const parts = columns.map((column, j) => {
      const value = key[j] ?? null;
      if (value === null) return `${column.expr} IS NULL`;
      params.push({ ...column.type, name: `q${i}_${j}`, value });
      return `${column.expr} = @q${i}_${j}`;
    });
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
  });
  return { sql: terms.length === 0 ? '1 = 0' : `(${terms.join(' OR ')})`, params };
}

/** Cloud rows with these keys (in the cloud's form): one array parameter per key column. */
export function cloudKeyListPredicate(
  entity: AnyReconcileEntity,
  keys: readonly (readonly unknown[])[],
): { sql: string; values: unknown[] } {
  const columns = entity.cloudKey;
  const arrays = columns.map((_, j) => keys.map((key) => key[j]));
  return {
    sql: `(${columns.map((c) => c.expr).join(', ')}) IN (SELECT * FROM unnest(${columns.map((c, j) => `$${j + 1}::${c.type}[]`).join(', ')}))`,
    values: arrays,
  };
}
