/**
 * The kinds of disagreement the Property Index reports, each with its likely explanation (the council's own
 * Property Index explains its headline differences the same way: more dwellings in UH than in the asset
 * register because temporary accommodation is kept in UH only; blocks disabled in the register but live
 * in UH, which is a real problem).
 */
export const PROPERTY_INDEX_CATEGORIES = [
  'dwelling-missing-from-register',
  'temporary-accommodation-uh-only',
  'block-disabled-in-register',
  'disposed-still-live',
  'uprn-mismatch',
  'parent-mismatch',
  'register-asset-not-in-uh',
] as const;

export type PropertyIndexCategory = (typeof PROPERTY_INDEX_CATEGORIES)[number];

export interface CategoryDescription {
  /** A heading a person reads. */
  readonly title: string;
  /** The likely explanation, and what to do. */
  readonly explanation: string;
  /** Expected by design (nothing to fix) rather than a problem to look at. */
  readonly expected: boolean;
}

export const CATEGORY_DESCRIPTIONS: Readonly<Record<PropertyIndexCategory, CategoryDescription>> = {
  'dwelling-missing-from-register': {
    title: 'Dwellings in UH missing from the asset register',
    explanation:
      'A home UH lets that the register does not hold: add it to the register, or find out why UH still has it.',
    expected: false,
  },
  'temporary-accommodation-uh-only': {
    title: 'Temporary accommodation in UH only',
    explanation:
      'Homes let as temporary accommodation (tenure or rent group) are kept in UH and not in the register: expected, nothing to fix.',
    expected: true,
  },
  'block-disabled-in-register': {
    title: 'Blocks disabled in the register but live in UH',
    explanation: 'The register has disabled a block UH still manages: a real problem, check which is right.',
    expected: false,
  },
  'disposed-still-live': {
    title: 'Disposed or sold properties still live',
    explanation:
      'Marked disposed (in UH or in the register) but still a live property in UH: end it in UH, or correct the register.',
    expected: false,
  },
  'uprn-mismatch': {
    title: 'UPRNs that do not match',
    explanation:
      'UH, the register and the gazetteer (LLPG) name different UPRNs for the property, or the LLPG has no record of UH’s.',
    expected: false,
  },
  'parent-mismatch': {
    title: 'Hierarchy disagreements between UH and the LLPG',
    explanation:
      'UH’s parent (major_ref) is not the parent the LLPG cross-references or parent UPRN give: one of them is out of date.',
    expected: false,
  },
  'register-asset-not-in-uh': {
    title: 'Register assets UH does not hold',
    explanation: 'The register names a UH property reference UH has no property for.',
    expected: false,
  },
};
