import { GraphQLError } from 'graphql';

/**
 * The legacy subgraph's error codes: every client-facing error is built here, with a code from this
 * registry and a message that is safe to show (no SQL, table names or driver text).
 */
export const LEGACY_ERROR_CODES = {
  BAD_USER_INPUT:
    'The request was well-formed GraphQL but an argument is invalid; the message says what was expected.',
  NOT_FOUND: 'The referenced record does not exist.',
  CONFLICT:
    'The write conflicts with the current state of the record (e.g. ending an already ended tenancy).',
  LEGACY_STORE_UNAVAILABLE: 'Universal Housing could not be reached in time; retry later.',
  UNAUTHENTICATED: 'The call did not come from the gateway (missing or wrong subgraph secret).',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed; details are in the server log under the request id.',
} as const;

export type LegacyErrorCode = keyof typeof LEGACY_ERROR_CODES;

export function legacyError(
  code: LegacyErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, argument?: string) =>
  legacyError('BAD_USER_INPUT', message, argument === undefined ? {} : { argument });
export const notFound = (what: string, reference: string) =>
  legacyError('NOT_FOUND', `${what} ${reference} does not exist`);
