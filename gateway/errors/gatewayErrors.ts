import { GraphQLError } from 'graphql';

/**
 * Every error code a client of the gateway can see, with what it means. Errors built here carry one of
 * these codes; anything else that reaches the edge is masked to INTERNAL_SERVER_ERROR (see maskGatewayError).
 * Codes the subgraphs raise (their own registries) pass through when listed here.
 */
export const GATEWAY_ERROR_CODES = {
  // The request itself.
  BAD_REQUEST: 'The HTTP request is malformed (not JSON, too large, wrong method or content type).',
  GRAPHQL_PARSE_FAILED: 'The operation is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The operation does not match the schema.',
  BAD_USER_INPUT: 'A variable or argument is invalid; the message says what was expected.',
  OPERATION_RESOLUTION_FAILURE: 'The operation name does not match an operation in the document.',
  PERSISTED_QUERY_NOT_FOUND: 'The persisted query hash is unknown; send the query text.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Persisted queries are not enabled.',
  // Limits (gateway/limits).
  OPERATION_LIMIT_EXCEEDED: 'The operation is too deep, has too many aliases or costs too much.',
  // Auth.
  UNAUTHENTICATED: 'The bearer token is missing where required, malformed, expired or not signed by us.',
  FORBIDDEN: 'The token lacks the scope a field needs; the field is null and the error is at its path.',
  // Subgraphs.
  SUBGRAPH_UNAVAILABLE: 'A subgraph could not be reached; its part of the answer is missing.',
  GATEWAY_TIMEOUT: 'A subgraph did not answer within GATEWAY_TIMEOUT; its part of the answer is missing.',
  DOWNSTREAM_SERVICE_ERROR: 'A subgraph answered with an error it did not classify.',
  LEGACY_STORE_UNAVAILABLE: 'The legacy subgraph cannot reach UH.',
  CLOUD_STORE_UNAVAILABLE: 'The cloud subgraph cannot reach PostgreSQL.',
  NOT_FOUND: 'The referenced record does not exist.',
  CONFLICT: 'The write conflicts with the current state of the record.',
  // Migration control (/admin/api, gateway/admin).
  MIGRATION_GATE_FAILED:
    'A forward phase change refused because a safety gate did not hold; `checks` lists each reading with its bound.',
  MIGRATION_STORE_UNAVAILABLE:
    'The migration database is not configured, not reachable, or not migrated; the phases cannot be read or changed.',
  // Everything else.
  INTERNAL_SERVER_ERROR: 'Something unexpected failed; details are in the gateway log under the request id.',
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_CODES;

export function isGatewayErrorCode(code: unknown): code is GatewayErrorCode {
  return typeof code === 'string' && Object.hasOwn(GATEWAY_ERROR_CODES, code);
}

export function gatewayError(
  code: GatewayErrorCode,
  message: string,
  options: { extensions?: Record<string, unknown>; path?: readonly (string | number)[] } = {},
): GraphQLError {
  return new GraphQLError(message, {
    path: options.path,
    extensions: { ...options.extensions, code },
  });
}
