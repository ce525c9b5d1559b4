/**
 * What can go wrong talking to UH, translated from driver errors at the store boundary (the driver's
 * error stays as `cause`, for logs only; its text never reaches a client).
 */
/** How every LegacyStoreUnavailableError's message begins (the reverse sync finds rows an outage held back by it). */
export const UH_UNAVAILABLE_PREFIX = 'UH is unavailable: ';

export class LegacyStoreUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`${UH_UNAVAILABLE_PREFIX}${reason}`, options);
    this.name = 'LegacyStoreUnavailableError';
  }
}

/** UH answered with an error for a request (e.g. a duplicate key); `number` is SQL Server's error number. */
export class LegacyStoreQueryError extends Error {
  readonly number: number | undefined;
  readonly queryName: string;
  constructor(queryName: string, number: number | undefined, options?: { cause?: unknown }) {
    super(`UH rejected ${queryName}${number === undefined ? '' : ` (SQL Server error ${number})`}`, options);
    this.name = 'LegacyStoreQueryError';
    this.number = number;
    this.queryName = queryName;
  }
}

/** SQL Server error numbers the store reacts to. */
export const SQL_SERVER_ERRORS = {
  DUPLICATE_KEY_INDEX: 2601,
  DUPLICATE_KEY_CONSTRAINT: 2627,
  DEADLOCK_VICTIM: 1205,
  INVALID_OBJECT: 208,
  CONVERSION_FAILED: 245,
  TRUNCATION: 8152,
} as const;
