import { COMMON_ERROR_CODES } from '../../common/graphErrors';

/** The legacy subgraph's error codes: the shared ones plus UH's unavailability. */
export const LEGACY_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  LEGACY_STORE_UNAVAILABLE: 'Universal Housing could not be reached in time; retry later.',
} as const;

export type LegacyErrorCode = keyof typeof LEGACY_ERROR_CODES;
