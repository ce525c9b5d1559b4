import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
// buildSubgraphSchema types resolvers with an unknown context; LegacyContext is what createLegacySubgraph passes.
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { lookahead } from '../lookahead/lookahead';
import type { LegacyContext } from './LegacyContext';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../common/scalars';
import { queryResolvers } from '../../common/resolvers/queryResolvers';
import { mutationResolvers } from '../../common/resolvers/mutationResolvers';
import {
  personResolvers,
  propertyResolvers,
  repairResolvers,
  tenancyResolvers,
} from '../../common/resolvers/entityResolvers';

// The shared resolvers each declare their own argument and context types; here they are only passed through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RootResolver = (parent: unknown, args: any, context: any, info: GraphQLResolveInfo) => unknown;

/**
 * A root field that first plans and fetches what its whole selection will need from UH (one batch for the
 * operation, see lookahead/), then resolves as the shared resolvers always do, from primed loaders.
 */
function lookingAhead(resolve: RootResolver): RootResolver {
  return async (parent, args: Record<string, unknown>, context: LegacyContext, info) => {
    if (context.lookahead !== null) await lookahead(context.lookahead, info, args);
    return resolve(parent, args, context, info);
  };
}

/** The gateway's _entities fetches look ahead the same way (buildSubgraphSchema writes that resolver). */
export function lookAheadOnEntities(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  if (field?.resolve === undefined) throw new Error('the legacy subgraph schema has no _entities resolver');
  field.resolve = lookingAhead(field.resolve as RootResolver) as typeof field.resolve;
}

const readRoots = Object.fromEntries(
  Object.entries(queryResolvers).map(([name, resolve]) => [name, lookingAhead(resolve as RootResolver)]),
);

export function createLegacyResolvers(): GraphQLResolverMap<unknown> {
  return {
    Date: DateScalar,
    DateTime: DateTimeScalar,
    Decimal: DecimalScalar,
    Query: readRoots,
    Mutation: mutationResolvers,
    Property: propertyResolvers,
    Tenancy: tenancyResolvers,
    Person: personResolvers,
    RepairRequest: repairResolvers,
  } as unknown as GraphQLResolverMap<unknown>;
}
