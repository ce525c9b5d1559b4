import type { SyncEntityName } from '../../stores/cloud/syncEntities';
import type { AnyReconcileEntity } from './ReconcileEntity';
import { tenureTypeReconcile } from './entities/tenureTypeReconcile';
import { propertyReconcile } from './entities/propertyReconcile';
import { tenancyReconcile } from './entities/tenancyReconcile';
import { memberReconcile } from './entities/memberReconcile';
import { contactDetailsReconcile } from './entities/contactDetailsReconcile';
import { repairRequestReconcile } from './entities/repairRequestReconcile';
import { rentTransactionReconcile } from './entities/rentTransactionReconcile';

/** Every sync entity's reconciliation, by name (runs follow SYNC_ENTITIES' order). */
export const reconcileEntities: Readonly<Record<SyncEntityName, AnyReconcileEntity>> = {
  tenureType: tenureTypeReconcile,
  property: propertyReconcile,
  tenancy: tenancyReconcile,
  member: memberReconcile,
  contactDetails: contactDetailsReconcile,
  repairRequest: repairRequestReconcile,
  rentTransaction: rentTransactionReconcile,
};
