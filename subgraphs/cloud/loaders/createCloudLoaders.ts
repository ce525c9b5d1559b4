import type { PgStore } from '../../../stores/cloud/PgStore';
import type { EntityLoaders } from '../../common/GraphReadContext';
import { createEntityLoaders } from '../../common/createEntityLoaders';
import * as read from '../../../stores/cloud/readCloudEntities';

/** The per-request loaders over the cloud store (see common/createEntityLoaders). */
export function createCloudLoaders(store: PgStore): EntityLoaders {
  return createEntityLoaders({
    properties: (refs) => read.propertiesByReference(store, refs),
    tenancies: (refs) => read.tenanciesByReference(store, refs),
    repairs: (refs) => read.repairsByReference(store, refs),
    members: (refs) => read.membersByHousehold(store, refs),
    contacts: (refs) => read.contactsByHousehold(store, refs),
    tenanciesOfProperty: (refs) => read.tenanciesBy(store, 'property_reference', refs),
    tenanciesOfHousehold: (refs) => read.tenanciesBy(store, 'house_ref', refs),
    children: (refs, take, after) => read.childrenByParent(store, refs, take, after),
    childCount: (refs) => read.countChildrenByParent(store, refs),
    repairsOfProperty: (refs, take, after) => read.repairsByProperty(store, refs, take, after),
    repairCount: (refs) => read.countRepairsByProperty(store, refs),
    transactions: (refs, window) => read.transactionsByTenancy(store, refs, window),
    transactionCount: (refs, window) => read.countTransactionsByTenancy(store, refs, window),
  });
}
