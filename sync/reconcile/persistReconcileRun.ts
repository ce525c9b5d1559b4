import type { PgStore } from '../../stores/cloud/PgStore';
import type { SyncEntityName } from '../../stores/cloud/syncEntities';
import type { ClassifiedDifference } from './Difference';
import type { EntityComparison } from './compareEntity';

/** A run row written as the entity's comparison starts, so a failure leaves a trace ('failed', its error). */
export async function startReconcileRun(
  pg: PgStore,
  entity: SyncEntityName,
  repair: boolean,
): Promise<{ id: string; startedAt: string }> {
  const { rows } = await pg.query<{ id: string; started_at: Date }>(
    'INSERT INTO sync.reconcile_run (entity, repair) VALUES ($1, $2) RETURNING id, started_at',
    [entity, repair],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('sync.reconcile_run: the insert returned no row');
  return { id: row.id, startedAt: row.started_at.toISOString() };
}

/** The run's counts and each difference with both values and its class, in one transaction. */
export async function finishReconcileRun(
  pg: PgStore,
  runId: string,
  comparison: EntityComparison,
  differences: readonly ClassifiedDifference[],
  repairs: readonly (string | null)[],
  repaired: number,
): Promise<void> {
  await pg.withTransaction(async (client) => {
    const column = <T>(pick: (d: ClassifiedDifference, i: number) => T) => differences.map(pick);
    if (differences.length > 0) {
      await client.query(
        `INSERT INTO sync.reconcile_difference (run_id, seq, entity_key, kind, field, uh_value, cloud_value, explanation, detail, repair)
SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [
          runId,
          column((_, i) => i + 1),
          column((d) => d.key),
          column((d) => d.kind),
          column((d) => d.field),
          column((d) => d.uhValue),
          column((d) => d.cloudValue),
          column((d) => d.explanation),
          column((d) => d.detail),
          column((_, i) => repairs[i] ?? null),
        ],
      );
    }
    await client.query(
      `UPDATE sync.reconcile_run SET finished_at = now(), status = 'done', uh_rows = $2, cloud_rows = $3,
  ranges_hashed = $4, row_hashes_fetched = $5, rows_fetched = $6, differences = $7, unexplained = $8,
  seconds = $9, repaired = $10
WHERE id = $1`,
      [
        runId,
        comparison.uhRows,
        comparison.cloudRows,
        comparison.rangesHashed,
        comparison.rowHashesFetched,
        comparison.rowsFetched,
        differences.length,
        differences.filter((d) => d.explanation === null).length,
        comparison.seconds,
        repaired,
      ],
    );
  });
}

export async function failReconcileRun(pg: PgStore, runId: string, error: unknown): Promise<void> {
  await pg.query(
    `UPDATE sync.reconcile_run SET finished_at = now(), status = 'failed', error = $2 WHERE id = $1`,
    [runId, error instanceof Error ? error.message : String(error)],
  );
}
