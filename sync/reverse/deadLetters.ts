import type { PgStore } from '../../stores/cloud/PgStore';

/**
 * Outbox rows that can never apply to UH, as `housing sync dead-letters` lists them and `housing sync retry
 * <id|all>` puts them back. A retried row goes back to PENDING, due at once, and keeps its place in its
 * key's order (its id); if it fails for good again it gets a new dead letter.
 */
export interface DeadLetter {
  readonly id: number;
  readonly outboxId: number;
  readonly entity: string;
  readonly entityKey: string;
  readonly reason: string;
  /** SQL Server's error number when UH refused the write, else null (a rule: e.g. the property is not in UH). */
  readonly errorNumber: number | null;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly retriedAt: Date | null;
  /** The outbox row's operation and payload: what would have been written. */
  readonly operation: string;
  readonly payload: unknown;
}

interface DeadLetterRecord {
  id: string;
  outbox_id: string;
  entity: string;
  entity_key: string;
  reason: string;
  error_number: number | null;
  attempts: number;
  created_at: Date;
  retried_at: Date | null;
  operation: string;
  payload: unknown;
}

const SELECT = `SELECT d.id, d.outbox_id, d.entity, d.entity_key, d.reason, d.error_number, d.attempts, d.created_at,
  d.retried_at, o.operation, o.payload
FROM sync.dead_letter d JOIN sync.outbox o ON o.id = d.outbox_id`;

/** Open dead letters (not retried) in outbox order (the order the cloud wrote them); `includeRetried` lists the retried ones too. */
export async function listDeadLetters(
  pg: PgStore,
  options: { readonly includeRetried?: boolean; readonly limit?: number } = {},
): Promise<DeadLetter[]> {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`dead letters limit: expected a whole number of at least 1, got ${limit}`);
  }
  const { rows } = await pg.query<DeadLetterRecord>(
    `${SELECT} WHERE $1 OR d.retried_at IS NULL ORDER BY d.outbox_id, d.id LIMIT $2`,
    [options.includeRetried === true, limit],
  );
  return rows.map(toDeadLetter);
}

/** Refused retry of one dead letter: it does not exist, or it was retried already. */
export class DeadLetterNotOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterNotOpenError';
  }
}

/**
 * Put dead-lettered outbox rows back to PENDING, due at `now`, and mark their dead letters retried, in one
 * transaction. `which`: a dead letter id, or 'all' open ones. Returns the dead letters retried (empty for
 * 'all' when there were none); an id that is not open throws DeadLetterNotOpenError saying why.
 */
export async function retryDeadLetters(
  pg: PgStore,
  which: number | 'all',
  now: Date = new Date(),
): Promise<DeadLetter[]> {
  if (which !== 'all' && (!Number.isInteger(which) || which < 1)) {
    throw new RangeError(`dead letter: expected an id (a whole number) or "all", got ${which}`);
  }
  return pg.withTransaction(async (client) => {
    const id = which === 'all' ? null : which;
    const { rows } = await client.query<{ id: string }>(
      `WITH chosen AS (
  UPDATE sync.dead_letter SET retried_at = $2 WHERE retried_at IS NULL AND ($1::bigint IS NULL OR id = $1::bigint)
  RETURNING id, outbox_id
), requeued AS (
  UPDATE sync.outbox o SET status = 'PENDING', next_attempt_at = $2, last_error = NULL
  FROM chosen WHERE o.id = chosen.outbox_id AND o.status = 'DEAD' RETURNING o.id
)
SELECT chosen.id FROM chosen`,
      [id, now],
    );
    if (id !== null && rows.length === 0) {
      const found = await client.query<{ retried_at: Date | null }>(
        'SELECT retried_at FROM sync.dead_letter WHERE id = $1',
        [id],
      );
      const letter = found.rows[0];
      throw new DeadLetterNotOpenError(
        letter === undefined
          ? `dead letter ${id} does not exist (housing sync dead-letters lists them)`
          : `dead letter ${id} was already retried at ${letter.retried_at?.toISOString() ?? '?'}`,
      );
    }
    if (rows.length === 0) return [];
    const retried = await client.query<DeadLetterRecord>(
      `${SELECT} WHERE d.id = ANY($1::bigint[]) ORDER BY d.outbox_id, d.id`,
      [rows.map((row) => row.id)],
    );
    return retried.rows.map(toDeadLetter);
  });
}

function toDeadLetter(record: DeadLetterRecord): DeadLetter {
  return {
    id: Number(record.id),
    outboxId: Number(record.outbox_id),
    entity: record.entity,
    entityKey: record.entity_key,
    reason: record.reason,
    errorNumber: record.error_number,
    attempts: record.attempts,
    createdAt: record.created_at,
    retriedAt: record.retried_at,
    operation: record.operation,
    payload: record.payload,
  };
}
