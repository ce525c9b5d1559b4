import { decodeJwt } from 'jose';
import type { Principal, TokenVerifier } from '../auth/Principal';

/**
 * Remembers verified tokens for a short while, so a client sending the same bearer token on every
 * request pays for the signature check once a minute rather than per request. An entry never outlives
 * the token's `exp`; failures are never cached (each bad token is checked and refused afresh).
 */
export function cacheVerifiedTokens(
  verify: TokenVerifier,
  options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
): TokenVerifier {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { principal: Principal; until: number }>();
  return async (authorization) => {
    if (authorization === undefined) return verify(authorization);
    const hit = cache.get(authorization);
    if (hit !== undefined) {
      if (hit.until > now()) return hit.principal;
      cache.delete(authorization);
    }
    const principal = await verify(authorization);
    const exp = decodeJwt(authorization.slice(authorization.indexOf(' ') + 1)).exp;
    const until = Math.min(now() + ttlMs, exp === undefined ? Infinity : exp * 1000);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(authorization, { principal, until });
    return principal;
  };
}
