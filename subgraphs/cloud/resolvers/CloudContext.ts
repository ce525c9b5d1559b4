import type DataLoader from 'dataloader';
import type { GraphWriteContext } from '../../common/resolvers/mutationResolvers';
import type { PersonRecord } from '../../../stores/model/records';
import type { PgStore } from '../../../stores/cloud/PgStore';
import type { LlpgAddressRecord, ParentClaimRecord } from '../../../stores/cloud/readCloudOnly';

/** The shared read context over PostgreSQL, plus the cloud-only loaders and the store for mutations. */
export interface CloudOnlyLoaders {
  readonly llpgAddress: DataLoader<string, LlpgAddressRecord | null>;
  readonly parentClaims: DataLoader<string, ParentClaimRecord[]>;
  readonly duplicates: DataLoader<string, PersonRecord[]>;
  readonly uprnHolders: DataLoader<string, number>;
  readonly rejects: DataLoader<string, { source: string; reason: string }[]>;
}

export type CloudContext = GraphWriteContext & { readonly cloud: CloudOnlyLoaders; readonly store: PgStore };
