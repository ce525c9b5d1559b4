import type { UhStore } from '../store/UhStore';
import type {
  ContactDetailsRecord,
  Page,
  PersonRecord,
  PropertyRecord,
  RentTransactionRecord,
  RepairRecord,
  TenancyRecord,
} from '../../common/records';
import { childrenByParent, countChildrenByParent, propertiesByReference } from '../store/readProperties';
import { tenanciesByHousehold, tenanciesByProperty, tenanciesByReference } from '../store/readTenancies';
import { contactsByHousehold, membersByHousehold } from '../store/readPeople';
import { countRepairsByProperty, repairsByProperty, repairsByReference } from '../store/readRepairs';
import { countTransactionsByTenancy, transactionsByTenancy } from '../store/readTransactions';
import { batchLoader, pagedLoader } from '../../common/batchLoader';
import type { EntityLoaders, PageKey, TransactionKey } from '../../common/GraphReadContext';

const EMPTY_PAGE: Page<never> = { items: [], hasNextPage: false };

/**
 * One set of loaders per GraphQL request (never shared: a cache shared across requests would serve one
 * caller's rows to another and never see writes). Every entity and relation goes through one, so a
 * request's SQL count depends on its shape, not on list sizes.
 */
export function createLegacyLoaders(store: UhStore): EntityLoaders {
  return {
    property: batchLoader<PropertyRecord, null>((refs) => propertiesByReference(store, refs), null),
    tenancy: batchLoader<TenancyRecord, null>((refs) => tenanciesByReference(store, refs), null),
    repair: batchLoader<RepairRecord, null>((refs) => repairsByReference(store, refs), null),
    members: batchLoader<PersonRecord[], PersonRecord[]>((refs) => membersByHousehold(store, refs), []),
    contacts: batchLoader<ContactDetailsRecord, null>((refs) => contactsByHousehold(store, refs), null),
    tenanciesOfProperty: batchLoader<TenancyRecord[], TenancyRecord[]>(
      (refs) => tenanciesByProperty(store, refs),
      [],
    ),
    tenanciesOfHousehold: batchLoader<TenancyRecord[], TenancyRecord[]>(
      (refs) => tenanciesByHousehold(store, refs),
      [],
    ),
    children: pagedLoader<PageKey, Page<PropertyRecord>, Page<PropertyRecord>>(
      (key) => `${key.take}:${key.after ?? ''}`,
      (ids, key) => childrenByParent(store, ids, key.take, key.after),
      EMPTY_PAGE,
    ),
    childCount: batchLoader<number, number>((refs) => countChildrenByParent(store, refs), 0),
    repairsOfProperty: pagedLoader<PageKey, Page<RepairRecord>, Page<RepairRecord>>(
      (key) => `${key.take}:${key.after ?? ''}`,
      (ids, key) => repairsByProperty(store, ids, key.take, key.after),
      EMPTY_PAGE,
    ),
    repairCount: batchLoader<number, number>((refs) => countRepairsByProperty(store, refs), 0),
    transactions: pagedLoader<TransactionKey, Page<RentTransactionRecord>, Page<RentTransactionRecord>>(
      (key) => `${key.take}:${key.after ?? ''}:${key.from ?? ''}:${key.to ?? ''}`,
      (ids, key) => transactionsByTenancy(store, ids, key),
      EMPTY_PAGE,
    ),
    transactionCount: pagedLoader<Omit<TransactionKey, 'take' | 'after'>, number, number>(
      (key) => `${key.from ?? ''}:${key.to ?? ''}`,
      (ids, key) => countTransactionsByTenancy(store, ids, key),
      0,
    ),
  };
}

export type LegacyLoaders = EntityLoaders;
