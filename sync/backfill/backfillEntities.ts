import type { AnyBackfillEntity, BackfillEntityName } from './BackfillEntity';
import { tenureTypeEntity } from './entities/tenureTypeEntity';
import { propertyEntity } from './entities/propertyEntity';
import { tenancyEntity } from './entities/tenancyEntity';
import { memberEntity } from './entities/memberEntity';
import { contactDetailsEntity } from './entities/contactDetailsEntity';
import { repairRequestEntity } from './entities/repairRequestEntity';
import { rentTransactionEntity } from './entities/rentTransactionEntity';

/** Every entity by name (the order runs follow is BACKFILL_ENTITIES). */
export const backfillEntities: Readonly<Record<BackfillEntityName, AnyBackfillEntity>> = {
  tenureType: tenureTypeEntity,
  property: propertyEntity,
  tenancy: tenancyEntity,
  member: memberEntity,
  contactDetails: contactDetailsEntity,
  repairRequest: repairRequestEntity,
  rentTransaction: rentTransactionEntity,
};
