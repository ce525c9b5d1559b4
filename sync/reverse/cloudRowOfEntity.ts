import type { OutboxEntity } from './outboxPayloads';

/**
 * Where each outbox entity's cloud row keeps the UH rowversion it last synced with (uh_tstamp), and the
 * graph entity whose phase says who masters it (migration.entity_phase). Table and column names are
 * constants, never input.
 */
export const CLOUD_ROW_OF_ENTITY: Readonly<
  Record<OutboxEntity, { readonly table: string; readonly key: string; readonly graphEntity: string }>
> = {
  contactDetails: { table: 'housing.contact_details', key: 'house_ref', graphEntity: 'person' },
  repairRequest: { table: 'repairs.repair_request', key: 'reference', graphEntity: 'repairRequest' },
  tenancy: { table: 'housing.tenancy', key: 'reference', graphEntity: 'tenancy' },
};
