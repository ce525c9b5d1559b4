import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
// buildSubgraphSchema types resolvers with an unknown context; LegacyContext is what createLegacySubgraph passes.
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../common/scalars';
import { queryResolvers } from '../../common/resolvers/queryResolvers';
import { mutationResolvers } from '../../common/resolvers/mutationResolvers';
import {
  personResolvers,
  propertyResolvers,
  repairResolvers,
  tenancyResolvers,
} from '../../common/resolvers/entityResolvers';

export function createLegacyResolvers(): GraphQLResolverMap<unknown> {
  return {
    Date: DateScalar,
    DateTime: DateTimeScalar,
    Decimal: DecimalScalar,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    Property: propertyResolvers,
    Tenancy: tenancyResolvers,
    Person: personResolvers,
    RepairRequest: repairResolvers,
  } as unknown as GraphQLResolverMap<unknown>;
}
