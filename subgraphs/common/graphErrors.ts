import { GraphQLError } from 'graphql';

/**
 * Error codes both subgraphs share; each subgraph's registry adds its own (store unavailability).
 * Every client-facing error is built through graphError, with a code and a message safe to show.
 */
export const COMMON_ERROR_CODES = {
  BAD_USER_INPUT:
    'The request was well-formed GraphQL but an argument is invalid; the message says what was expected.',
  NOT_FOUND: 'The referenced record does not exist.',
  CONFLICT:
    'The write conflicts with the current state of the record (e.g. ending an already ended tenancy).',
  UNAUTHENTICATED: 'The call did not come from the gateway (missing or wrong subgraph secret).',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed; details are in the server log.',
} as const;

export function graphError(
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, argument?: string) =>
  graphError('BAD_USER_INPUT', message, argument === undefined ? {} : { argument });
export const notFound = (what: string, reference: string) =>
  graphError('NOT_FOUND', `${what} ${reference} does not exist`);
export const conflict = (message: string) => graphError('CONFLICT', message);
