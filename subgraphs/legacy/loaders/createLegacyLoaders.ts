import type { UhClient } from '../../../stores/uh/UhStore';
import type { EntityLoaders } from '../../common/GraphReadContext';
import { createEntityLoaders } from '../../common/createEntityLoaders';
import {
  childrenByParent,
  countChildrenByParent,
  propertiesByReference,
} from '../../../stores/uh/readProperties';
import {
  tenanciesByHousehold,
  tenanciesByProperty,
  tenanciesByReference,
} from '../../../stores/uh/readTenancies';
import { contactsByHousehold, membersByHousehold } from '../../../stores/uh/readPeople';
import {
  countRepairsByProperty,
  repairsByProperty,
  repairsByReference,
} from '../../../stores/uh/readRepairs';
import { countTransactionsByTenancy, transactionsByTenancy } from '../../../stores/uh/readTransactions';

/** The per-request loaders over UH (see common/createEntityLoaders). */
export function createLegacyLoaders(store: UhClient): EntityLoaders {
  return createEntityLoaders({
    properties: (refs) => propertiesByReference(store, refs),
    tenancies: (refs) => tenanciesByReference(store, refs),
    repairs: (refs) => repairsByReference(store, refs),
    members: (refs) => membersByHousehold(store, refs),
    contacts: (refs) => contactsByHousehold(store, refs),
    tenanciesOfProperty: (refs) => tenanciesByProperty(store, refs),
    tenanciesOfHousehold: (refs) => tenanciesByHousehold(store, refs),
    children: (refs, take, after) => childrenByParent(store, refs, take, after),
    childCount: (refs) => countChildrenByParent(store, refs),
    repairsOfProperty: (refs, take, after) => repairsByProperty(store, refs, take, after),
    repairCount: (refs) => countRepairsByProperty(store, refs),
    transactions: (refs, window) => transactionsByTenancy(store, refs, window),
    transactionCount: (refs, window) => countTransactionsByTenancy(store, refs, window),
  });
}
