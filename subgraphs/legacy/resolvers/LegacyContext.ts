import type { UhStore } from '../store/UhStore';
import type { LegacyLoaders } from '../loaders/createLegacyLoaders';

/** What every legacy resolver gets: this request's loaders, the store (mutations), and today's date. */
export interface LegacyContext {
  readonly loaders: LegacyLoaders;
  readonly store: UhStore;
  /** Today as YYYY-MM-DD, fixed for the whole request (tenancies active "today"). */
  readonly today: string;
}
