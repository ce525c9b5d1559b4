import type { PgClient } from '../../stores/cloud/PgStore';

/** A target column and the PostgreSQL array type its values travel in. */
export interface UpsertColumn<T> {
  readonly name: string;
  /** The element type, e.g. 'text', 'numeric', 'bytea', 'jsonb'. */
  readonly type: string;
  readonly value: (record: T) => unknown;
}

/** Who may overwrite what (see BackfillEntity.upsert). */
export interface UpsertMode {
  /**
   * Rows whose mastered_in is 'CLOUD' (the cloud wrote them last): 'keep' leaves them (backfill);
   * 'overwrite' writes them and marks them 'UH' (forward capture, which decided by phase beforehand).
   */
  readonly cloudRows: 'keep' | 'overwrite';
  /** Only rewrite a row whose stored uh_tstamp is not newer than the incoming one. */
  readonly newerOnly: boolean;
}

export const BACKFILL_UPSERT: UpsertMode = { cloudRows: 'keep', newerOnly: false };
export const FORWARD_UPSERT: UpsertMode = { cloudRows: 'overwrite', newerOnly: true };

export interface UpsertSpec<T> {
  readonly table: string;
  readonly columns: readonly UpsertColumn<T>[];
  /** The primary key (ON CONFLICT target). */
  readonly key: readonly string[];
  /** The table has synced_at (set on insert by default, and on every real change). */
  readonly syncedAt?: boolean;
  /** The table has mastered_in: rows the cloud masters are never overwritten from UH. */
  readonly masteredIn?: boolean;
  /**
   * uh_tstamp is the version of one of several UH rows the record may come from (contact details: the
   * household's chosen contacts row), named by this column: versions of different rows are not compared.
   */
  readonly versionScope?: string;
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
  mode: UpsertMode = BACKFILL_UPSERT,
): Promise<number> {
  if (records.length === 0) return 0;
  const names = spec.columns.map((c) => c.name);
  const arrays = spec.columns.map((column) => records.map((record) => column.value(record)));
  const unnest = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const updated = names.filter((name) => !spec.key.includes(name));
  const overwrite = spec.masteredIn === true && mode.cloudRows === 'overwrite';
  const set = [
    ...updated.map((name) => `${name} = EXCLUDED.${name}`),
    ...(spec.syncedAt ? ['synced_at = now()'] : []),
    ...(overwrite ? [`mastered_in = 'UH'`] : []),
  ];
  const changed = `(${updated.map((n) => `target.${n}`).join(', ')}) IS DISTINCT FROM (${updated.map((n) => `EXCLUDED.${n}`).join(', ')})`;
  // bytea compares bytewise: for 8-byte big-endian rowversions that is their numeric order.
  const otherRow =
    spec.versionScope === undefined
      ? ''
      : ` OR target.${spec.versionScope} IS DISTINCT FROM EXCLUDED.${spec.versionScope}`;
  const newer =
    mode.newerOnly && names.includes('uh_tstamp')
      ? [
          `(target.uh_tstamp IS NULL OR EXCLUDED.uh_tstamp IS NULL${otherRow} OR EXCLUDED.uh_tstamp >= target.uh_tstamp)`,
        ]
      : [];
  const where = [
    ...(spec.masteredIn === true && !overwrite ? [`target.mastered_in = 'UH'`] : []),
    ...newer,
    changed,
  ].join(' AND ');
  const onConflict = updated.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set.join(', ')} WHERE ${where}`;
  const text = `INSERT INTO ${spec.table} AS target (${names.join(', ')})
SELECT * FROM unnest(${unnest})
ON CONFLICT (${spec.key.join(', ')}) ${onConflict}`;
  const result = await client.query(text, arrays);
  return result.rowCount ?? 0;
}
