import type { PgStore } from '../../stores/cloud/PgStore';
import type { OutboxEntity } from './outboxPayloads';
import type { OutboxRow } from './OutboxRow';
import type { ApplyContext } from './UhApplyResult';
import { CLOUD_ROW_OF_ENTITY } from './cloudRowOfEntity';

/** How many of a key's latest own writes are kept in view: enough for any row still in flight. */
const OWN_WRITES_IN_VIEW = 20;

export type RowContext = ApplyContext & {
  /** A later outbox row of this key already applied (only asked for entities whose rows carry the whole record). */
  readonly supersededBy: number | null;
};

/**
 * The cloud side of one row's decision, in one query: the cloud row's uh_tstamp, this key's latest own
 * writes, and (for whole-record entities) a later row already applied.
 */
export async function readApplyContext(
  pg: PgStore,
  row: OutboxRow,
  entity: OutboxEntity,
  cloudMasters: boolean,
): Promise<RowContext> {
  const cloud = CLOUD_ROW_OF_ENTITY[entity];
  const { rows } = await pg.query<{ baseline: Buffer | null; own: Buffer[]; superseded_by: string | null }>(
    `SELECT (SELECT c.uh_tstamp FROM ${cloud.table} c WHERE c.${cloud.key} = $2) AS baseline,
  ARRAY(SELECT o.uh_tstamp FROM sync.outbox o
        WHERE o.entity = $1 AND o.entity_key = $2 AND o.status = 'APPLIED' AND o.uh_tstamp IS NOT NULL
        ORDER BY o.id DESC LIMIT $5) AS own,
  CASE WHEN $4 THEN (SELECT max(o.id) FROM sync.outbox o
        WHERE o.entity = $1 AND o.entity_key = $2 AND o.status = 'APPLIED' AND o.id > $3) END AS superseded_by`,
    [row.entity, row.entityKey, row.id, entity === 'contactDetails', OWN_WRITES_IN_VIEW],
  );
  const found = rows[0];
  return {
    operation: row.operation === 'INSERT' ? 'INSERT' : 'UPDATE',
    baseline: found?.baseline ?? null,
    ownWrites: found?.own ?? [],
    cloudMasters,
    supersededBy:
      found?.superseded_by === null || found?.superseded_by === undefined
        ? null
        : Number(found.superseded_by),
  };
}
