import type { PgStore } from '../../stores/cloud/PgStore';

/** Per outbox entity: PENDING rows, and the age of the oldest by `now` (the direction's clock), never negative. */
export async function readOutboxReadings(
  pg: PgStore,
  now: Date,
): Promise<Map<string, { pending: number; lagSeconds: number }>> {
  const { rows } = await pg.query<{ entity: string; pending: number; oldest: Date }>(
    `SELECT entity, count(*)::int AS pending, min(created_at) AS oldest
     FROM sync.outbox WHERE status = 'PENDING' GROUP BY entity`,
  );
  return new Map(
    rows.map((row) => [
      row.entity,
      { pending: row.pending, lagSeconds: Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) },
    ]),
  );
}
