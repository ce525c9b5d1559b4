import type { PgStore } from '../../stores/cloud/PgStore';
import type { OutboxEntity } from './outboxPayloads';
import { CLOUD_ROW_OF_ENTITY } from './cloudRowOfEntity';

/** Outbox entities whose graph entity is in phase CLOUD (the cloud masters them and wins conflicts). */
export async function readCloudMastered(pg: PgStore): Promise<Set<OutboxEntity>> {
  const { rows } = await pg.query<{ entity: string }>(
    `SELECT entity FROM migration.entity_phase WHERE phase = 'CLOUD'`,
  );
  const cloudGraphEntities = new Set(rows.map((row) => row.entity));
  const result = new Set<OutboxEntity>();
  for (const [entity, cloud] of Object.entries(CLOUD_ROW_OF_ENTITY) as [
    OutboxEntity,
    { graphEntity: string },
  ][]) {
    if (cloudGraphEntities.has(cloud.graphEntity)) result.add(entity);
  }
  return result;
}
