/**
 * The scope a bearer token needs for /admin/api (the migration dashboard and its JSON API). The gateway's
 * own scope, not a field's: the supergraph's @requiresScopes never name it, so `housing token` adds it to
 * the scopes it knows.
 */
export const MIGRATION_ADMIN_SCOPE = 'migration:admin';

/** Scopes the gateway itself checks, beside the supergraph's field scopes. */
export const GATEWAY_OWN_SCOPES: readonly string[] = [MIGRATION_ADMIN_SCOPE];
