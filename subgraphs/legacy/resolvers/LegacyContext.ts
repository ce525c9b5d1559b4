import type { UhStore } from '../../../stores/uh/UhStore';
import type { GraphWriteContext } from '../../common/resolvers/mutationResolvers';

/** What every legacy resolver gets: the shared read context and writes over UH, and the UH store itself. */
export type LegacyContext = GraphWriteContext & { readonly store: UhStore };
