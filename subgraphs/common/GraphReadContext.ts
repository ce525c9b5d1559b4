import type DataLoader from 'dataloader';
import type {
  ContactDetailsRecord,
  Page,
  PersonRecord,
  PropertyFilter,
  PropertyRecord,
  RentTransactionRecord,
  RepairRecord,
  TenancyRecord,
} from '../../stores/model/records';

/**
 * What the shared read resolvers need from a store: per-request loaders for every entity and relation,
 * and the two list reads that are not keyed. The legacy (UH) and cloud (PostgreSQL) subgraphs each
 * implement it; one set of resolvers over both is what keeps their answers identical.
 */
export interface PageKey {
  readonly id: string;
  readonly take: number;
  readonly after: string | null;
}

export interface TransactionKey extends PageKey {
  readonly from: string | null;
  readonly to: string | null;
}

export type TransactionCountKey = Omit<TransactionKey, 'take' | 'after'>;

export interface EntityLoaders {
  readonly property: DataLoader<string, PropertyRecord | null>;
  readonly tenancy: DataLoader<string, TenancyRecord | null>;
  readonly repair: DataLoader<string, RepairRecord | null>;
  /** Members of a household (by house_ref), person number order. */
  readonly members: DataLoader<string, PersonRecord[]>;
  /** Contact details of a household (by house_ref). */
  readonly contacts: DataLoader<string, ContactDetailsRecord | null>;
  readonly tenanciesOfProperty: DataLoader<string, TenancyRecord[]>;
  readonly tenanciesOfHousehold: DataLoader<string, TenancyRecord[]>;
  readonly children: DataLoader<PageKey, Page<PropertyRecord>, string>;
  readonly childCount: DataLoader<string, number>;
  readonly repairsOfProperty: DataLoader<PageKey, Page<RepairRecord>, string>;
  readonly repairCount: DataLoader<string, number>;
  readonly transactions: DataLoader<TransactionKey, Page<RentTransactionRecord>, string>;
  readonly transactionCount: DataLoader<TransactionCountKey, number, string>;
}

export interface ListReads {
  /** Matching properties in reference order after `after`, at most take + 1 (to tell whether more follow). */
  listProperties(filter: PropertyFilter, take: number, after: string | null): Promise<PropertyRecord[]>;
  countProperties(filter: PropertyFilter): Promise<number>;
  /** People whose first name or surname contains every word, by surname, first name, id; at most take + 1. */
  searchPeople(words: readonly string[], skip: number, take: number): Promise<PersonRecord[]>;
  countPeople(words: readonly string[]): Promise<number>;
}

export interface GraphReadContext {
  readonly loaders: EntityLoaders;
  readonly lists: ListReads;
  /** Today as YYYY-MM-DD, fixed for the whole request. */
  readonly today: string;
}
