import type { GraphQLError } from 'graphql';
import { gatewayError } from '../errors/gatewayErrors';

/**
 * The client-facing errors of authentication and field scopes, with codes from the gateway's registry
 * (UNAUTHENTICATED, FORBIDDEN, DOWNSTREAM_SERVICE_ERROR). Messages say what was expected and never
 * contain the token.
 */
export function unauthenticated(message: string): GraphQLError {
  // Apollo Server takes extensions.http.status as the response status (and strips it from the body).
  return gatewayError('UNAUTHENTICATED', message, { extensions: { http: { status: 401 } } });
}

/** The identity provider's key set could not be fetched: not the caller's fault, so not a 401. */
export function keySetUnavailable(message: string): GraphQLError {
  return gatewayError('DOWNSTREAM_SERVICE_ERROR', message, { extensions: { http: { status: 503 } } });
}

export function forbidden(
  coordinate: string,
  scopes: readonly (readonly string[])[],
  path?: readonly (string | number)[],
): GraphQLError {
  return gatewayError('FORBIDDEN', `Forbidden: ${coordinate} needs ${describeScopes(scopes)}`, { path });
}

/** [["a"]] -> "scope a"; [["a", "b"], ["c"]] -> "scopes a and b, or scope c" (OR of ANDs). */
export function describeScopes(scopes: readonly (readonly string[])[]): string {
  return scopes
    .map((all) => (all.length === 1 ? `scope ${all[0]}` : `scopes ${all.join(' and ')}`))
    .join(', or ');
}
