/** Who is calling, as the bearer token says; the gateway decides field access from `scopes` alone. */
export interface Principal {
  /** The token's `sub`; null for an anonymous caller or a token without one. */
  readonly subject: string | null;
  readonly scopes: ReadonlySet<string>;
  /** A verified token came with the request. */
  readonly authenticated: boolean;
}

/** A request without an Authorization header: no scopes, so every scoped field is forbidden. */
export const ANONYMOUS: Principal = Object.freeze({
  subject: null,
  scopes: new Set<string>(),
  authenticated: false,
});

/** Checks the token's signature first: then (and only then) trusts these claims. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;
