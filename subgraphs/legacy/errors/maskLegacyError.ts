import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { LEGACY_ERROR_CODES, type LegacyErrorCode } from './legacyErrors';
import { LegacyStoreUnavailableError } from '../store/legacyStoreErrors';
import { InvalidReferenceError } from '../../common/references';

/**
 * Apollo Server's formatError for the legacy subgraph: errors built from the registry pass through;
 * store and reference errors are given their codes; anything else is masked as INTERNAL_SERVER_ERROR
 * (and handed to `report` for the log, with its cause chain). GraphQL validation errors keep Apollo's codes.
 */
export function maskLegacyError(report: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof LegacyStoreUnavailableError) {
      report(original);
      return withCode(formatted, 'LEGACY_STORE_UNAVAILABLE', 'Universal Housing is unavailable; retry later');
    }
    if (original instanceof InvalidReferenceError) {
      return {
        ...withCode(formatted, 'BAD_USER_INPUT', original.message),
        extensions: { code: 'BAD_USER_INPUT', argument: original.argument },
      };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      (code in LEGACY_ERROR_CODES || APOLLO_REQUEST_CODES.has(code)) &&
      code !== 'INTERNAL_SERVER_ERROR'
    ) {
      return formatted;
    }
    report(original);
    return withCode(formatted, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/** Codes Apollo Server gives to problems with the request itself; their messages are about the request. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function withCode(
  formatted: GraphQLFormattedError,
  code: LegacyErrorCode,
  message: string,
): GraphQLFormattedError {
  return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
}
