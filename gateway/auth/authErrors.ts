import { GraphQLError } from 'graphql';

/**
 * The client-facing errors of authentication and field scopes. Codes are from the gateway's registry
 * (UNAUTHENTICATED, FORBIDDEN, DOWNSTREAM_SERVICE_ERROR); messages say what was expected and never
 * contain the token.
 */
export function unauthenticated(message: string): GraphQLError {
  // Apollo Server takes extensions.http.status as the response status (and strips it from the body).
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** The identity provider's key set could not be fetched: not the caller's fault, so not a 401. */
export function keySetUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', http: { status: 503 } },
  });
}

export function forbidden(
  coordinate: string,
  scopes: readonly (readonly string[])[],
  path?: readonly (string | number)[],
): GraphQLError {
  return new GraphQLError(`Forbidden: ${coordinate} needs ${describeScopes(scopes)}`, {
    path,
    extensions: { code: 'FORBIDDEN' },
  });
}

/** [["a"]] -> "scope a"; [["a", "b"], ["c"]] -> "scopes a and b, or scope c" (OR of ANDs). */
export function describeScopes(scopes: readonly (readonly string[])[]): string {
  return scopes
    .map((all) => (all.length === 1 ? `scope ${all[0]}` : `scopes ${all.join(' and ')}`))
    .join(', or ');
}
