import type {
  ContactDetailsRecord,
  Page,
  PersonRecord,
  PropertyRecord,
  RentTransactionRecord,
  RepairRecord,
  TenancyRecord,
} from '../../stores/model/records';
import { batchLoader, pagedLoader } from './batchLoader';
import type { EntityLoaders, PageKey, TransactionCountKey, TransactionKey } from './GraphReadContext';

/**
 * A store's batch reads: each takes a batch of keys (with the page arguments they share) and returns what
 * it found by key. The legacy (UH) and cloud (PostgreSQL) stores each provide one.
 */
type Read<V> = (keys: readonly string[]) => Promise<Map<string, V>>;

export interface EntityReads {
  readonly properties: Read<PropertyRecord>;
  readonly tenancies: Read<TenancyRecord>;
  readonly repairs: Read<RepairRecord>;
  readonly members: Read<PersonRecord[]>;
  readonly contacts: Read<ContactDetailsRecord>;
  readonly tenanciesOfProperty: Read<TenancyRecord[]>;
  readonly tenanciesOfHousehold: Read<TenancyRecord[]>;
  readonly children: (
    parents: readonly string[],
    take: number,
    after: string | null,
  ) => Promise<Map<string, Page<PropertyRecord>>>;
  readonly childCount: Read<number>;
  readonly repairsOfProperty: (
    properties: readonly string[],
    take: number,
    after: string | null,
  ) => Promise<Map<string, Page<RepairRecord>>>;
  readonly repairCount: Read<number>;
  readonly transactions: (
    tenancies: readonly string[],
    window: TransactionKey,
  ) => Promise<Map<string, Page<RentTransactionRecord>>>;
  readonly transactionCount: (
    tenancies: readonly string[],
    window: TransactionCountKey,
  ) => Promise<Map<string, number>>;
}

const EMPTY_PAGE: Page<never> = { items: [], hasNextPage: false };

/**
 * One set of loaders per GraphQL request over a store's reads (never shared between requests: a cache
 * shared across requests would serve one caller's rows to another and never see writes). Every entity and
 * relation goes through one, so a request's SQL count depends on its shape, not on list sizes; keys with
 * different page arguments in the same tick make one request per set of arguments.
 */
export function createEntityLoaders(reads: EntityReads): EntityLoaders {
  return {
    property: batchLoader<PropertyRecord, null>(reads.properties, null),
    tenancy: batchLoader<TenancyRecord, null>(reads.tenancies, null),
    repair: batchLoader<RepairRecord, null>(reads.repairs, null),
    members: batchLoader<PersonRecord[], PersonRecord[]>(reads.members, []),
    contacts: batchLoader<ContactDetailsRecord, null>(reads.contacts, null),
    tenanciesOfProperty: batchLoader<TenancyRecord[], TenancyRecord[]>(reads.tenanciesOfProperty, []),
    tenanciesOfHousehold: batchLoader<TenancyRecord[], TenancyRecord[]>(reads.tenanciesOfHousehold, []),
    children: pagedLoader<PageKey, Page<PropertyRecord>, Page<PropertyRecord>>(
      (key) => `${key.take}:${key.after ?? ''}`,
      (ids, key) => reads.children(ids, key.take, key.after),
      EMPTY_PAGE,
    ),
    childCount: batchLoader<number, number>(reads.childCount, 0),
    repairsOfProperty: pagedLoader<PageKey, Page<RepairRecord>, Page<RepairRecord>>(
      (key) => `${key.take}:${key.after ?? ''}`,
      (ids, key) => reads.repairsOfProperty(ids, key.take, key.after),
      EMPTY_PAGE,
    ),
    repairCount: batchLoader<number, number>(reads.repairCount, 0),
    transactions: pagedLoader<TransactionKey, Page<RentTransactionRecord>, Page<RentTransactionRecord>>(
      (key) => `${key.take}:${key.after ?? ''}:${key.from ?? ''}:${key.to ?? ''}`,
      (ids, key) => reads.transactions(ids, key),
      EMPTY_PAGE,
    ),
    transactionCount: pagedLoader<TransactionCountKey, number, number>(
      (key) => `${key.from ?? ''}:${key.to ?? ''}`,
      (ids, key) => reads.transactionCount(ids, key),
      0,
    ),
  };
}
