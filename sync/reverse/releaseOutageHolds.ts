import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import { UH_UNAVAILABLE_PREFIX } from '../../stores/uh/legacyStoreErrors';

const PING_TIMEOUT_MS = 2_000;

/**
 * Outbox rows wait out a backoff after each failed try (up to a minute), which is right for a row UH keeps
 * refusing for a passing reason, but not for rows that failed only because UH was away: once it answers
 * again they would wait out the rest of their backoff, and the sync would catch up a minute late. So while
 * rows held back by an outage exist, each cycle asks UH one trivial request; if UH answers, those rows are due
 * at once (their attempts and last error stay, for the record). Returns how many were released.
 */
export async function releaseOutageHolds(pg: PgStore, uh: UhStore, now: Date): Promise<number> {
  const held = await pg.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM sync.outbox
       WHERE status = 'PENDING' AND next_attempt_at > $1 AND starts_with(last_error, $2)) AS held`,
    [now, UH_UNAVAILABLE_PREFIX],
  );
  if (held.rows[0]?.held !== true) return 0;
  // A short bound: a UH that hangs must not hold the cycle for the store's whole timeout.
  if (!(await uh.ping(PING_TIMEOUT_MS))) return 0;
  const released = await pg.query(
    `UPDATE sync.outbox SET next_attempt_at = $1
     WHERE status = 'PENDING' AND next_attempt_at > $1 AND starts_with(last_error, $2)`,
    [now, UH_UNAVAILABLE_PREFIX],
  );
  return released.rowCount ?? 0;
}
