import type { PgClient } from '../../stores/cloud/PgStore';

/**
 * The graph entities whose phase (migration.entity_phase) says which store masters them: CLOUD means the
 * cloud does; LEGACY, SHADOW and CANARY mean UH does (SYNC-DESIGN.md, "Names"). Sync entities map onto
 * them through ForwardTarget.graphEntity. The per-row mastered_in column only says which side wrote last.
 */
export type GraphEntity = 'property' | 'tenancy' | 'person' | 'repairRequest';

export type Master = 'UH' | 'CLOUD';

export interface EntityPhases {
  readonly phase: (entity: GraphEntity) => string;
  readonly master: (entity: GraphEntity) => Master;
}

/** Read in the cycle's transaction, so the decision and what it decided commit against the same phase. */
export async function readEntityPhases(client: PgClient): Promise<EntityPhases> {
  const { rows } = await client.query<{ entity: string; phase: string }>(
    'SELECT entity, phase FROM migration.entity_phase',
  );
  const phases = new Map(rows.map((row) => [row.entity, row.phase]));
  // An entity without a row has never moved: LEGACY, as the table's default says.
  const phase = (entity: GraphEntity) => phases.get(entity) ?? 'LEGACY';
  return { phase, master: (entity) => (phase(entity) === 'CLOUD' ? 'CLOUD' : 'UH') };
}
