import type { PgStore } from './PgStore';
import { SYNC_ENTITY_PHASE_ENTITY, type SyncEntityName } from './syncEntities';

/**
 * Which store masters a sync entity's rows now: the cloud once its migration entity is in CLOUD, UH in every
 * earlier phase (writes still go to UH while SHADOW and CANARY serve some reads from the cloud).
 */
export async function readEntityMaster(pg: PgStore, entity: SyncEntityName): Promise<'UH' | 'CLOUD'> {
  const { rows } = await pg.query<{ phase: string }>(
    'SELECT phase FROM migration.entity_phase WHERE entity = $1',
    [SYNC_ENTITY_PHASE_ENTITY[entity]],
  );
  return rows[0]?.phase === 'CLOUD' ? 'CLOUD' : 'UH';
}
