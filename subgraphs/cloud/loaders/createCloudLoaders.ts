import type { PgStore } from '../store/PgStore';
import type {
  EntityLoaders,
  PageKey,
  TransactionCountKey,
  TransactionKey,
} from '../../common/GraphReadContext';
import type {
  ContactDetailsRecord,
  Page,
  PersonRecord,
  PropertyRecord,
  RentTransactionRecord,
  RepairRecord,
  TenancyRecord,
} from '../../common/records';
import { batchLoader, pagedLoader } from '../../common/batchLoader';
import * as read from '../store/readCloudEntities';

const EMPTY_PAGE: Page<never> = { items: [], hasNextPage: false };

/** One set of loaders per request over the cloud store; the same contract as the legacy loaders. */
export function createCloudLoaders(store: PgStore): EntityLoaders {
  return {
    property: batchLoader<PropertyRecord, null>((refs) => read.propertiesByReference(store, refs), null),
    tenancy: batchLoader<TenancyRecord, null>((refs) => read.tenanciesByReference(store, refs), null),
    repair: batchLoader<RepairRecord, null>((refs) => read.repairsByReference(store, refs), null),
    members: batchLoader<PersonRecord[], PersonRecord[]>((refs) => read.membersByHousehold(store, refs), []),
    contacts: batchLoader<ContactDetailsRecord, null>((refs) => read.contactsByHousehold(store, refs), null),
    tenanciesOfProperty: batchLoader<TenancyRecord[], TenancyRecord[]>(
      (refs) => read.tenanciesBy(store, 'property_reference', refs),
      [],
    ),
    tenanciesOfHousehold: batchLoader<TenancyRecord[], TenancyRecord[]>(
      (refs) => read.tenanciesBy(store, 'house_ref', refs),
      [],
    ),
    children: pagedLoader<PageKey, Page<PropertyRecord>, Page<PropertyRecord>>(
      (key) => `${key.take}:${key.after ?? ''}`,
      (ids, key) => read.childrenByParent(store, ids, key.take, key.after),
      EMPTY_PAGE,
    ),
    childCount: batchLoader<number, number>((refs) => read.countChildrenByParent(store, refs), 0),
    repairsOfProperty: pagedLoader<PageKey, Page<RepairRecord>, Page<RepairRecord>>(
      (key) => `${key.take}:${key.after ?? ''}`,
      (ids, key) => read.repairsByProperty(store, ids, key.take, key.after),
      EMPTY_PAGE,
    ),
    repairCount: batchLoader<number, number>((refs) => read.countRepairsByProperty(store, refs), 0),
    transactions: pagedLoader<TransactionKey, Page<RentTransactionRecord>, Page<RentTransactionRecord>>(
      (key) => `${key.take}:${key.after ?? ''}:${key.from ?? ''}:${key.to ?? ''}`,
      (ids, key) => read.transactionsByTenancy(store, ids, key),
      EMPTY_PAGE,
    ),
    transactionCount: pagedLoader<TransactionCountKey, number, number>(
      (key) => `${key.from ?? ''}:${key.to ?? ''}`,
      (ids, key) => read.countTransactionsByTenancy(store, ids, key),
      0,
    ),
  };
}
