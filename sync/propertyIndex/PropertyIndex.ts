import type { PropertyLevel } from '../../stores/model/records';
import type { PropertyIndexCategory } from './PropertyIndexCategory';

/** The four sources the Property Index compares. */
export const INDEX_SOURCES = ['uh', 'cloud', 'llpg', 'register'] as const;
export type IndexSource = (typeof INDEX_SOURCES)[number];

/** One headline row: how many properties each source holds at a level (or of a type); null where a source has no such notion. */
export interface HeadlineCount {
  readonly label: string;
  readonly counts: Readonly<Record<IndexSource, number | null>>;
}

/** One disagreement: the property, the category, and what each source says. */
export interface IndexDisagreement {
  readonly category: PropertyIndexCategory;
  readonly propRef: string;
  readonly level: PropertyLevel | null;
  readonly address: string | null;
  readonly uh: string | null;
  readonly register: string | null;
  readonly llpg: string | null;
  readonly detail: string;
}

export interface PropertyIndex {
  readonly generatedAt: string;
  /** What each source holds in all (UH: properties; LLPG: current BLPUs; register: assets). */
  readonly totals: Readonly<Record<IndexSource, number>>;
  readonly byLevel: readonly HeadlineCount[];
  readonly byType: readonly HeadlineCount[];
  readonly disagreements: readonly IndexDisagreement[];
}
