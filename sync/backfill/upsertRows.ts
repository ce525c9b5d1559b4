import type { PgClient } from '../../stores/cloud/PgStore';

/** A target column and the PostgreSQL array type its values travel in. */
export interface UpsertColumn<T> {
  readonly name: string;
  /** The element type, e.g. 'text', 'numeric', 'bytea', 'jsonb'. */
  readonly type: string;
  readonly value: (record: T) => unknown;
}

export interface UpsertSpec<T> {
  readonly table: string;
  readonly columns: readonly UpsertColumn<T>[];
  /** The primary key (ON CONFLICT target). */
  readonly key: readonly string[];
  /** The table has synced_at (set on insert by default, and on every real change). */
  readonly syncedAt?: boolean;
  /** The table has mastered_in: rows the cloud masters are never overwritten from UH. */
  readonly masteredIn?: boolean;
}

/**
 * INSERT ... SELECT FROM unnest(one array per column) ... ON CONFLICT DO UPDATE: one statement and one
 * round trip for a whole chunk, whatever its size (a few parameters, never thousands). A row whose values
 * are unchanged is not rewritten (IS DISTINCT FROM), so a re-run changes nothing, synced_at included.
 */
export async function upsertRows<T>(
  client: PgClient,
  spec: UpsertSpec<T>,
  records: readonly T[],
): Promise<number> {
  if (records.length === 0) return 0;
  const names = spec.columns.map((c) => c.name);
  const arrays = spec.columns.map((column) => records.map((record) => column.value(record)));
  const unnest = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const updated = names.filter((name) => !spec.key.includes(name));
  const set = [
    ...updated.map((name) => `${name} = EXCLUDED.${name}`),
    ...(spec.syncedAt ? ['synced_at = now()'] : []),
  ];
  const changed = `(${updated.map((n) => `target.${n}`).join(', ')}) IS DISTINCT FROM (${updated.map((n) => `EXCLUDED.${n}`).join(', ')})`;
  const where = [...(spec.masteredIn ? [`target.mastered_in = 'UH'`] : []), changed].join(' AND ');
  const onConflict = updated.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set.join(', ')} WHERE ${where}`;
  const text = `INSERT INTO ${spec.table} AS target (${names.join(', ')})
SELECT * FROM unnest(${unnest})
ON CONFLICT (${spec.key.join(', ')}) ${onConflict}`;
  const result = await client.query(text, arrays);
  return result.rowCount ?? 0;
}
