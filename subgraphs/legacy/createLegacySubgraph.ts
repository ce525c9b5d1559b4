import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { UhClient, UhStore } from '../../stores/uh/UhStore';
import { UhBatcher } from './lookahead/UhBatcher';
import { ListMemo } from './lookahead/ListMemo';
import { lookahead } from './lookahead/lookahead';
import { lookAheadOnEntities } from './resolvers/createLegacyResolvers';
import { createLegacyLoaders } from './loaders/createLegacyLoaders';
import { createLegacyResolvers } from './resolvers/createLegacyResolvers';
import type { LegacyContext } from './resolvers/LegacyContext';
import { maskLegacyError } from './errors/maskLegacyError';
import type { ListReads } from '../common/GraphReadContext';
import type { GraphWrites } from '../common/GraphWrites';
import { writeContactDetails } from '../../stores/uh/writeContacts';
import { raiseRepair } from '../../stores/uh/writeRepairs';
import { endTenancyInUh } from '../../stores/uh/writeTenancies';
import { countProperties, listProperties } from '../../stores/uh/listProperties';
import { countPeople, searchPeople } from '../../stores/uh/searchPeople';
import { refuseTextUhCannotHold } from './writes/refuseTextUhCannotHold';
import { conflict, notFound } from '../common/graphErrors';

export const LEGACY_SDL_PATH = join(__dirname, '..', '..', 'schema', 'legacy.graphql');

export interface LegacySubgraphOptions {
  readonly store: UhStore;
  /** Today's date for "active" and "current" (tests pin it); default: the UTC date when the request starts. */
  readonly today?: () => string;
  /** Receives errors that were masked for the client (for the log). */
  readonly reportError?: (error: unknown) => void;
  /**
   * Plan each operation's UH reads from its selection and send them as one batch (the default). false reads as
   * before the look-ahead: each loader's request on its own, one level of the query at a time (the bench
   * compares the two).
   */
  readonly lookahead?: boolean;
  /** Hears of every operation served, with the round trips to UH it took (the metric, the tests). */
  readonly onOperation?: (event: LegacyOperationEvent) => void;
}

export interface LegacyOperationEvent {
  readonly type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /** Requests sent to UH for the operation, each waiting for its answer: what a VPN makes you pay for. */
  readonly roundTrips: number;
}

/** The legacy subgraph as an Apollo Server, plus the per-request context factory that goes with it. */
export function createLegacySubgraph(options: LegacySubgraphOptions) {
  const schema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(LEGACY_SDL_PATH, 'utf8')),
    resolvers: createLegacyResolvers(),
  });
  lookAheadOnEntities(schema);
  const onOperation = options.onOperation;
  const apollo = new ApolloServer<LegacyContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: maskLegacyError(options.reportError ?? (() => undefined)),
    csrfPrevention: true,
    // The process that runs this server owns shutdown (housing start stops every piece in order); Apollo's
    // own handler would stop just this server and then re-raise SIGINT, killing the process half-way.
    stopOnTerminationSignals: false,
    // No Apollo Studio here: federated traces would only add bytes to every response.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        requestDidStart: async () => ({
          willSendResponse: async ({ contextValue, operation }) => {
            onOperation?.({ type: operation?.operation ?? 'unknown', roundTrips: contextValue.roundTrips() });
          },
        }),
      },
    ],
  });
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const listsOver = (uh: UhClient): ListReads => ({
    listProperties: (filter, take, after) => listProperties(uh, filter, take, after),
    countProperties: (filter) => countProperties(uh, filter),
    searchPeople: (words, skip, take) => searchPeople(uh, words, skip, take),
    countPeople: (words) => countPeople(uh, words),
  });
  const writesOver = (store: UhClient): GraphWrites => ({
    updateContactDetails: async (houseRef, personNo, change) => {
      refuseTextUhCannotHold({
        ...Object.fromEntries((change.phones ?? []).map((phone, i) => [`input.phones[${i}].number`, phone])),
        'input.email': change.email,
      });
      const outcome = await writeContactDetails(store, houseRef, personNo, change);
      switch (outcome.kind) {
        case 'noSuchPerson':
          return outcome;
        case 'noSuchHousehold':
          throw notFound('household', houseRef);
        case 'noTenancy':
          throw conflict(
            `household ${houseRef} has no tenancy in UH, and UH keeps phone numbers on a tenancy's contacts row`,
          );
        case 'updated':
          return outcome;
      }
    },
    raiseRepair: async (repair) => {
      refuseTextUhCannotHold({
        'input.description': repair.description,
        'input.contactName': repair.contactName,
        'input.contactPhone': repair.contactPhone,
      });
      return raiseRepair(store, repair);
    },
    endTenancy: (reference, endDate, day) => endTenancyInUh(store, reference, endDate, day),
  });
  // Per request: every UH request counted; reads sent through one batcher, so those asked for in the same turn
  // (the look-ahead of each root field, loaders dispatching together) share one round trip.
  const context = async (): Promise<LegacyContext> => {
    let roundTrips = 0;
    const uh = options.store.counting(() => roundTrips++);
    const common = {
      writes: writesOver(uh),
      store: options.store,
      today: today(),
      roundTrips: () => roundTrips,
    };
    if (options.lookahead === false)
      return { ...common, loaders: createLegacyLoaders(uh), lists: listsOver(uh), lookahead: null };
    const batcher = new UhBatcher(uh);
    const reads: UhClient = {
      query: (query) => batcher.query(query),
      queryBatch: (query) => uh.queryBatch(query),
      withTransaction: (name, work) => uh.withTransaction(name, work),
    };
    const loaders = createLegacyLoaders(reads);
    const lists = new ListMemo(listsOver(reads));
    const deps = { batcher, loaders, lists };
    return {
      ...common,
      loaders,
      lists,
      lookahead: deps,
      readAhead: (info, root) => lookahead(deps, info, root.args, root.field),
    };
  };
  return { apollo, schema, context };
}
