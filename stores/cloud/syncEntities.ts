/**
 * The units the sync moves between UH and the cloud (sync.checkpoint / sync.reject `source`, sync.outbox
 * `entity`), in dependency order: a later one may refer to an earlier one. They are part of the cloud
 * store's sync schema, so sync/ (which writes that state) and migration/ (which reads it as gate
 * readings) share them from here.
 */
export const SYNC_ENTITIES = [
  'tenureType',
  'property',
  'tenancy',
  'member',
  'contactDetails',
  'repairRequest',
  'rentTransaction',
] as const;

export type SyncEntityName = (typeof SYNC_ENTITIES)[number];

/** sync.checkpoint `job` of the backfill: one row per entity, the last key done and whether complete. */
export const BACKFILL_JOB = 'backfill';

/** sync.checkpoint and sync.reject `job` of forward capture. */
export const FORWARD_JOB = 'forward';

/**
 * The UH tables each sync entity is read from (its own table first, then the tables whose changes change
 * it): forward capture polls these, and an entity's forward lag is the worst of its tables'.
 */
export const SYNC_ENTITY_UH_TABLES: Readonly<Record<SyncEntityName, readonly string[]>> = {
  tenureType: ['tenure'],
  property: ['property', 'postcode'],
  tenancy: ['tenagree', 'tenure'],
  member: ['member'],
  contactDetails: ['househ', 'contacts', 'tenagree'],
  repairRequest: ['rmreqst'],
  rentTransaction: ['rtrans', 'debtype', 'rectype'],
};

/**
 * The migration entity (migration.entity_phase, the graph's override label) whose phase decides who
 * masters each sync entity's rows: a Tenancy is served with its tenure and transactions, a Person with
 * its contact details (migration/gates/entityBackfillSources.ts lists the same, the other way round).
 */
export const SYNC_ENTITY_PHASE_ENTITY: Readonly<
  Record<SyncEntityName, 'property' | 'tenancy' | 'person' | 'repairRequest'>
> = {
  tenureType: 'tenancy',
  property: 'property',
  tenancy: 'tenancy',
  member: 'person',
  contactDetails: 'person',
  repairRequest: 'repairRequest',
  rentTransaction: 'tenancy',
};
