import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { InvalidReferenceError } from '../../stores/model/references';
import { shortenQuotedValues } from '../../core/shortenQuotedValues';

/** Codes Apollo Server gives to problems with the request itself; their messages are about the request. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo Server's formatError for a subgraph: errors built with a code from the registry pass through;
 * the store's "unavailable" error gets its code and a safe message; a bad reference is BAD_USER_INPUT;
 * anything else is masked as INTERNAL_SERVER_ERROR and handed to `report` (for the log, cause included).
 * No SQL, table name, stack or driver text ever reaches a client.
 */
export function maskErrors(options: {
  codes: Readonly<Record<string, string>>;
  unavailable: { type: new (...args: never[]) => Error; code: string; message: string };
  report: (error: unknown) => void;
}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof options.unavailable.type) {
      options.report(original);
      return {
        ...base,
        message: options.unavailable.message,
        extensions: { code: options.unavailable.code },
      };
    }
    if (original instanceof InvalidReferenceError) {
      return {
        ...base,
        message: original.message,
        extensions: { code: 'BAD_USER_INPUT', argument: original.argument },
      };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      code !== 'INTERNAL_SERVER_ERROR' &&
      (code in options.codes || APOLLO_REQUEST_CODES.has(code))
    ) {
      const message = shortenQuotedValues(formatted.message);
      return message === formatted.message ? formatted : { ...formatted, message };
    }
    options.report(original);
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
