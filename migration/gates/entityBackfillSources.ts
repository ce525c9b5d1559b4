import type { SyncEntityName } from '../../stores/cloud/syncEntities';
import type { Entity } from '../phases';

/**
 * The backfill sources (sync.checkpoint / sync.reject `source`) whose rows an entity's overridden fields
 * serve: a Tenancy's tenure and transactions, a Person's contact details. Every backfill source belongs to
 * exactly one entity (a test holds this), so no copied table escapes a gate.
 */
export const ENTITY_BACKFILL_SOURCES: Readonly<Record<Entity, readonly SyncEntityName[]>> = {
  property: ['property'],
  tenancy: ['tenureType', 'tenancy', 'rentTransaction'],
  person: ['member', 'contactDetails'],
  repairRequest: ['repairRequest'],
};
