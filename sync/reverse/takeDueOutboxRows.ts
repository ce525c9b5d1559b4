import type { PgStore } from '../../stores/cloud/PgStore';
import { toOutboxRow, type OutboxRow, type OutboxRowRecord } from './OutboxRow';

/**
 * The PENDING rows a cycle may apply now, in id order (the order the cloud wrote them), at most `limit`:
 * every row of a key whose oldest PENDING row (its head) is due, up to the first that is not. A key whose
 * head waits for its retry (next_attempt_at in the future) contributes nothing, so no row ever overtakes an
 * older one of its key. `now` is the caller's clock (injected in tests). Compared to the millisecond, the
 * precision of a JS Date: next_attempt_at defaults to the writing transaction's now(), in microseconds, and a
 * row written within the current millisecond would otherwise look due only in the next one and be passed
 * over by a cycle (found by the 1,000 alternations test: a legacy edit then met it still pending).
 * DISTINCT ON walks outbox_pending (entity, entity_key, id) WHERE status = 'PENDING'.
 */
export async function takeDueOutboxRows(pg: PgStore, now: Date, limit: number): Promise<OutboxRow[]> {
  const { rows } = await pg.query<OutboxRowRecord>(
    `WITH heads AS (
  SELECT DISTINCT ON (entity, entity_key) entity, entity_key, next_attempt_at
  FROM sync.outbox WHERE status = 'PENDING' ORDER BY entity, entity_key, id
)
SELECT o.id, o.entity, o.entity_key, o.operation, o.payload, o.attempts, o.created_at
FROM sync.outbox o JOIN heads h ON h.entity = o.entity AND h.entity_key = o.entity_key
WHERE o.status = 'PENDING' AND date_trunc('milliseconds', h.next_attempt_at) <= $1
  AND date_trunc('milliseconds', o.next_attempt_at) <= $1
ORDER BY o.id LIMIT $2`,
    [now, limit],
  );
  return rows.map(toOutboxRow);
}
