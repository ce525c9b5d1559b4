/**
 * The cloud store could not be reached (connection refused or dropped, server shutting down, pool
 * exhausted past its timeout, no answer within the query timeout). Translated from pg errors at the store boundary; the pg error is `cause`.
 */
export class CloudStoreUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the cloud database is unavailable: ${reason}`, options);
    this.name = 'CloudStoreUnavailableError';
  }
}

/** SQLSTATE classes and codes meaning "could not talk to PostgreSQL", not "PostgreSQL refused the query". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))
  )
    return true;
  const message = error instanceof Error ? error.message : '';
  // "Query read timeout": pg's client-side query_timeout passed (the server does not answer at all).
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout/i.test(
    message,
  );
}
