/** A sync.outbox row as the reverse direction reads it. */
export interface OutboxRow {
  readonly id: number;
  readonly entity: string;
  readonly entityKey: string;
  readonly operation: string;
  readonly payload: unknown;
  /** Tries so far (each apply, retry or refusal counts one). */
  readonly attempts: number;
  readonly createdAt: Date;
}

export interface OutboxRowRecord {
  id: string;
  entity: string;
  entity_key: string;
  operation: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
}

export function toOutboxRow(record: OutboxRowRecord): OutboxRow {
  return {
    id: Number(record.id),
    entity: record.entity,
    entityKey: record.entity_key,
    operation: record.operation,
    payload: record.payload,
    attempts: record.attempts,
    createdAt: record.created_at,
  };
}
