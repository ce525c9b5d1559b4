import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhParam } from '../../stores/uh/UhQuery';
import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import type { AnyBackfillEntity, KeyColumn } from '../backfill/BackfillEntity';
import { backfillEntities } from '../backfill/backfillEntities';
import { BACKFILL_JOB } from '../backfill/checkpoints';
import { sourceKey } from '../backfill/mapRows';
import { resolveDeletedRejects } from '../resolveRejects';
import { FORWARD_JOB } from './forwardCheckpoints';

/** UH parameters per request stay well below SQL Server's 2,100. */
const PARAMS_PER_REQUEST = 1000;

/**
 * Part of the delete sweep: the open rejects (forward's and the backfill's) whose UH row is gone are
 * resolved as deleted in UH. A rejected row the cloud never held leaves no cloud key for the sweep to miss,
 * so UH is asked directly: which of these rejected keys does it still hold (by the entity's unique index,
 * as the reject keys them). A key that cannot be read back into its columns is left open. Each entity's
 * rejects are resolved by id in one statement: a reject written meanwhile (a new id) is never touched.
 * Returns how many were resolved, by entity.
 */
export async function resolveRejectsOfDeletedRows(
  uh: UhStore,
  pg: PgStore,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const { rows } = await pg.query<{ id: string; source: string; source_key: string }>(
    `SELECT id::text AS id, source, source_key FROM sync.reject
WHERE resolved_at IS NULL AND job = ANY($1::text[]) ORDER BY source, id`,
    [[FORWARD_JOB, BACKFILL_JOB]],
  );
  const bySource = new Map<string, { id: string; key: string }[]>();
  for (const row of rows) {
    bySource.set(row.source, [...(bySource.get(row.source) ?? []), { id: row.id, key: row.source_key }]);
  }
  const resolved: Record<string, number> = {};
  for (const [source, rejects] of bySource) {
    if (signal?.aborted === true) break;
    const definition = (backfillEntities as Record<string, AnyBackfillEntity | undefined>)[source];
    if (definition === undefined) continue;
    const held = await keysHeldByUh(uh, definition, [...new Set(rejects.map((r) => r.key))]);
    const gone = rejects.filter((r) => !held.has(r.key)).map((r) => r.id);
    if (gone.length === 0) continue;
    resolved[source] = await pg.withClient((client) => resolveDeletedRejects(client, gone));
  }
  return resolved;
}

/** Which of these reject keys UH still holds a row for, plus every key it could not read (left open). */
async function keysHeldByUh(
  uh: UhStore,
  definition: AnyBackfillEntity,
  keys: readonly string[],
): Promise<Set<string>> {
  const columns: readonly KeyColumn[] = definition.keyColumns;
  const alias = columns[0]?.expr.split('.')[0] ?? 't';
  const held = new Set<string>();
  const readable: { key: string; values: (string | number | null)[] }[] = [];
  for (const key of keys) {
    const values = keyValues(columns, key);
    if (values === null) held.add(key);
    else readable.push({ key, values });
  }
  const perRequest = Math.max(1, Math.floor(PARAMS_PER_REQUEST / (columns.length * 2)));
  for (let start = 0; start < readable.length; start += perRequest) {
    const params: UhParam[] = [];
    const predicates = readable.slice(start, start + perRequest).map(({ values }, i) =>
      columns
        .map((column, j) => {
          const value = values[j] ?? null;
          const name = `k${i}_${j}`;
          if (value === null) return `${column.expr} IS NULL`;
          params.push({ ...column.type, name, value });
          return `${column.expr} = @${name}`;
        })
        .join(' AND '),
    );
    const select = columns.map((c) => `${c.expr} AS ${c.alias}`).join(', ');
    const found = await uh.query<UhRow>({
      name: `forward.sweep.${definition.name}.rejects`,
      text: `SELECT ${select} FROM dbo.${definition.table} ${alias} WHERE ${predicates.map((p) => `(${p})`).join(' OR ')}`,
      params,
    });
    for (const row of found) held.add(sourceKey(columns, row));
  }
  return held;
}

/**
 * A reject key back into its column values (as mapRows.sourceKey wrote it): null when it cannot be, e.g.
 * a value holding '|' or a number column holding something else. 'NULL' is NULL in a number column; in a
 * text column it may be NULL or the text 'NULL', so such a key is left open.
 */
function keyValues(columns: readonly KeyColumn[], key: string): (string | number | null)[] | null {
  const parts = key.split('|');
  if (parts.length !== columns.length) return null;
  const values: (string | number | null)[] = [];
  for (const [i, column] of columns.entries()) {
    const part = parts[i] ?? '';
    const numeric =
      column.type.type === 'int' || column.type.type === 'numeric' || column.type.type === 'smallint';
    if (part === 'NULL') {
      if (!numeric) return null;
      values.push(null);
    } else if (numeric) {
      const n = Number(part);
      if (part.trim() === '' || !Number.isFinite(n)) return null;
      values.push(n);
    } else values.push(part);
  }
  return values;
}
