import type { CloudContext } from './CloudContext';
import type { PersonRecord, PropertyRecord } from '../../../stores/model/records';
import type { ParentClaimRecord } from '../../../stores/cloud/readCloudOnly';
import { findDataQualityIssues } from '../findDataQualityIssues';

/** Fields only the cloud can give (no override: always served by the cloud subgraph). */
export const cloudPropertyResolvers = {
  llpgAddress: (property: PropertyRecord, _: unknown, { cloud }: CloudContext) =>
    property.uprn === null ? null : cloud.llpgAddress.load(property.uprn),
  parentClaims: (property: PropertyRecord, _: unknown, { cloud }: CloudContext) =>
    cloud.parentClaims.load(property.reference),
  dataQualityIssues: async (
    property: PropertyRecord,
    _: unknown,
    { cloud, loaders, today }: CloudContext,
  ) => {
    const [claims, tenancies, uprnHolders, rejects] = await Promise.all([
      cloud.parentClaims.load(property.reference),
      loaders.tenanciesOfProperty.load(property.reference),
      property.uprn === null ? Promise.resolve(0) : cloud.uprnHolders.load(property.uprn),
      cloud.rejects.load(property.reference),
    ]);
    const parents = await Promise.all(claims.map((claim) => loaders.property.load(claim.parentReference)));
    const parentExists = new Map(claims.map((claim, i) => [claim.parentReference, parents[i] !== null]));
    return findDataQualityIssues({ property, claims, parentExists, tenancies, uprnHolders, rejects, today });
  },
};

export const parentClaimResolvers = {
  parent: (claim: ParentClaimRecord, _: unknown, { loaders }: CloudContext) =>
    loaders.property.load(claim.parentReference),
};

export const cloudPersonResolvers = {
  possibleDuplicates: (person: PersonRecord, _: unknown, { cloud }: CloudContext) =>
    cloud.duplicates.load(person.id),
};
