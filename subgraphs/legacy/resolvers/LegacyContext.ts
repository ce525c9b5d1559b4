import type { UhStore } from '../store/UhStore';
import type { GraphReadContext } from '../../common/GraphReadContext';
import type { LegacyLoaders } from '../loaders/createLegacyLoaders';

/** What every legacy resolver gets: the shared read context over UH, and the store for mutations. */
export interface LegacyContext extends GraphReadContext {
  readonly loaders: LegacyLoaders;
  readonly store: UhStore;
}
