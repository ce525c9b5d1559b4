import type { UhStore } from '../../../stores/uh/UhStore';
import type { GraphWriteContext } from '../../common/resolvers/mutationResolvers';
import type { LookaheadDeps } from '../lookahead/lookahead';

/**
 * What every legacy resolver gets: the shared read context and writes over UH, the UH store itself, what the
 * look-ahead needs, and the round trips to UH the request has made so far.
 */
export type LegacyContext = GraphWriteContext & {
  readonly store: UhStore;
  /** null: the look-ahead is off (LegacySubgraphOptions.lookahead). */
  readonly lookahead: LookaheadDeps | null;
  roundTrips(): number;
};
