import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../common/scalars';
import { queryResolvers } from '../../common/resolvers/queryResolvers';
import {
  personResolvers,
  propertyResolvers,
  repairResolvers,
  tenancyResolvers,
} from '../../common/resolvers/entityResolvers';
import { mutationResolvers } from '../../common/resolvers/mutationResolvers';
import { cloudPersonResolvers, cloudPropertyResolvers, parentClaimResolvers } from './cloudOnlyResolvers';

// buildSubgraphSchema types resolvers with an unknown context; CloudContext is what createCloudSubgraph passes.
export function createCloudResolvers(): GraphQLResolverMap<unknown> {
  return {
    Date: DateScalar,
    DateTime: DateTimeScalar,
    Decimal: DecimalScalar,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    Property: { ...propertyResolvers, ...cloudPropertyResolvers },
    Tenancy: tenancyResolvers,
    Person: { ...personResolvers, ...cloudPersonResolvers },
    RepairRequest: repairResolvers,
    ParentClaim: parentClaimResolvers,
  } as unknown as GraphQLResolverMap<unknown>;
}
