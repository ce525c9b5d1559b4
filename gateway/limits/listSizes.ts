/**
 * Expected list sizes for the cost estimate. Cost is an estimate of the work an operation asks for, not
 * a worst case: a list multiplies the cost of what is selected inside it by how many items it is
 * expected to hold.
 */

/**
 * A connection's page size when the operation gives no `first` and the argument has no schema default.
 * The same as the subgraphs' page size default (subgraphs/common/connection.ts DEFAULT_PAGE_SIZE; the
 * gateway must not import subgraph code, so the number is repeated here).
 */
export const DEFAULT_CONNECTION_SIZE = 20;

/**
 * A plain list field (no `first`) without a known size below. The seed's households have about 2.2
 * members and its properties about 1.3 tenancies, so 10 overestimates the real lists several times
 * while still letting a 20-row page of properties with their tenancies and members through
 * (20 x 10 x 10 = 2,000 people expected).
 */
export const DEFAULT_LIST_SIZE = 10;

/**
 * Plain list fields whose size has a known bound, by `Type.field` of the API schema
 * (listSizes.test.ts fails when one no longer names a list field of schema/api.graphql).
 */
export const KNOWN_LIST_SIZES: ReadonlyMap<string, number> = new Map([
  // ContactDetailsInput.phones: "Up to three numbers".
  ['ContactDetails.phones', 3],
  // UH levels run from 1 (owner) to 8 (non-dwelling), so a property has at most 7 ancestors.
  ['Property.ancestors', 7],
  // One claim per ParentClaimSource (5 sources) plus room for more than one LLPG cross-reference.
  ['Property.parentClaims', 8],
]);
