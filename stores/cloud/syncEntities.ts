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
