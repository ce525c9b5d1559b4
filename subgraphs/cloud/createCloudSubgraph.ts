import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { PgStore } from '../../stores/cloud/PgStore';
import type { ListReads } from '../common/GraphReadContext';
import type { GraphWrites } from '../common/GraphWrites';
import {
  endTenancyInCloud,
  raiseRepairInCloud,
  updateContactDetailsInCloud,
} from '../../stores/cloud/writeCloud';
import { batchLoader } from '../common/batchLoader';
import { createCloudLoaders } from './loaders/createCloudLoaders';
import { createCloudResolvers } from './resolvers/createCloudResolvers';
import type { CloudContext, CloudOnlyLoaders } from './resolvers/CloudContext';
import { maskCloudError } from './errors/maskCloudError';
import { countPeople, countProperties, listProperties, searchPeople } from '../../stores/cloud/listCloud';
import {
  duplicatesOfMember,
  llpgAddressByUprn,
  parentClaimsByChild,
  rejectsByKey,
  uprnSharing,
  type LlpgAddressRecord,
  type ParentClaimRecord,
} from '../../stores/cloud/readCloudOnly';
import type { PersonRecord } from '../../stores/model/records';

export const CLOUD_SDL_PATH = join(__dirname, '..', '..', 'schema', 'cloud.graphql');

export interface CloudSubgraphOptions {
  readonly store: PgStore;
  /** Today's date for "active" and "current" (tests pin it); default: the UTC date when the request starts. */
  readonly today?: () => string;
  readonly reportError?: (error: unknown) => void;
}

/** The cloud subgraph as an Apollo Server, plus its per-request context factory. */
export function createCloudSubgraph(options: CloudSubgraphOptions) {
  const schema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(CLOUD_SDL_PATH, 'utf8')),
    resolvers: createCloudResolvers(),
  });
  const apollo = new ApolloServer<CloudContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: maskCloudError(options.reportError ?? (() => undefined)),
    csrfPrevention: true,
    // The process that runs this server owns shutdown (housing start stops every piece in order); Apollo's
    // own handler would stop just this server and then re-raise SIGINT, killing the process half-way.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { store } = options;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const lists: ListReads = {
    listProperties: (filter, take, after) => listProperties(store, filter, take, after),
    countProperties: (filter) => countProperties(store, filter),
    searchPeople: (words, skip, take) => searchPeople(store, words, skip, take),
    countPeople: (words) => countPeople(store, words),
  };
  const cloudOnly = (): CloudOnlyLoaders => ({
    llpgAddress: batchLoader<LlpgAddressRecord, null>((uprns) => llpgAddressByUprn(store, uprns), null),
    parentClaims: batchLoader<ParentClaimRecord[], ParentClaimRecord[]>(
      (refs) => parentClaimsByChild(store, refs),
      [],
    ),
    duplicates: batchLoader<PersonRecord[], PersonRecord[]>((ids) => duplicatesOfMember(store, ids), []),
    uprnHolders: batchLoader<number, number>((uprns) => uprnSharing(store, uprns), 0),
    rejects: batchLoader<{ source: string; reason: string }[], { source: string; reason: string }[]>(
      (keys) => rejectsByKey(store, keys),
      [],
    ),
  });
  const writes: GraphWrites = {
    updateContactDetails: (houseRef, personNo, change) =>
      updateContactDetailsInCloud(store, houseRef, change, personNo),
    raiseRepair: (repair) => raiseRepairInCloud(store, repair),
    endTenancy: (reference, endDate, day) => endTenancyInCloud(store, reference, endDate, day),
  };
  const context = async (): Promise<CloudContext> => ({
    loaders: createCloudLoaders(store),
    lists,
    writes,
    cloud: cloudOnly(),
    store,
    today: today(),
  });
  return { apollo, schema, context };
}
