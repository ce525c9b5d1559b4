import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../../core/ConfigError';
import { keySetUnavailable, unauthenticated } from './authErrors';
import { ANONYMOUS, type Principal, type TokenVerifier } from './Principal';

export interface TokenVerifierOptions {
  /** HS256 shared secret (development, `housing start`); at least 32 bytes. */
  readonly jwtSecret?: string;
  /** The identity provider's JSON Web Key Set (production): RS256 or ES256 tokens. */
  readonly jwksUrl?: string;
  /** When set, the token's `iss` must equal it. */
  readonly issuer?: string;
  /** When set, the token's `aud` must contain it. */
  readonly audience?: string;
}

/** RFC 7518 3.2: an HS256 key must be at least as long as the hash output (256 bits). */
export const MIN_HS256_SECRET_BYTES = 32;
/** Clock skew allowed between the token issuer and this gateway, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 5;
const EXPECTED_HEADER = 'expected `Authorization: Bearer <JWT>`';
/** Three base64url segments; checked before jose sees the text, so the messages stay ours. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Turns a request's Authorization header into a Principal. No header: the anonymous principal (no
 * scopes; scoped fields are then forbidden, the rest is served). A header that is there but wrong
 * (not `Bearer <JWT>`, bad signature, wrong algorithm, expired, wrong issuer or audience) is an
 * UNAUTHENTICATED error (HTTP 401): a caller who sent a token meant to be someone, and silently
 * serving them as anonymous would hide their mistake.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key = verificationKey(options);
  const verifyOptions = {
    algorithms: key.algorithms,
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    // A token that never expires cannot be taken back; require one that does.
    requiredClaims: ['exp'],
  };

  return async (authorization) => {
    if (authorization === undefined) return ANONYMOUS;
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    if (match === null) {
      const parts = authorization.trim().split(/\s+/);
      const scheme = parts[0] ?? '';
      throw unauthenticated(
        scheme !== '' && scheme.toLowerCase() !== 'bearer'
          ? `${EXPECTED_HEADER}; got the ${JSON.stringify(scheme.slice(0, 20))} scheme`
          : parts.length > 2
            ? `${EXPECTED_HEADER}; got more than one token after Bearer`
            : `${EXPECTED_HEADER}; the header has no token`,
      );
    }
    const token = match[1] ?? '';
    if (!JWT_SHAPE.test(token))
      throw unauthenticated(`${EXPECTED_HEADER}; the token is not a JWT (three base64url parts)`);
    let payload: JWTPayload;
    try {
      payload =
        key.kind === 'secret'
          ? (await jwtVerify(token, key.secret, verifyOptions)).payload
          : (await jwtVerify(token, key.keySet, verifyOptions)).payload;
    } catch (error) {
      throw explain(error, key);
    }
    return principalFrom(payload);
  };
}

type VerificationKey =
  | { kind: 'secret'; secret: Uint8Array; algorithms: string[] }
  | { kind: 'keySet'; keySet: JWTVerifyGetKey; algorithms: string[] };

function verificationKey(options: TokenVerifierOptions): VerificationKey {
  const hasSecret = options.jwtSecret !== undefined && options.jwtSecret !== '';
  const hasJwks = options.jwksUrl !== undefined && options.jwksUrl !== '';
  if (hasSecret === hasJwks)
    throw new ConfigError(
      'JWT_SECRET / JWKS_URL',
      'exactly one of JWT_SECRET (HS256 secret, development) or JWKS_URL (identity provider key set, production)',
      hasSecret ? 'both set' : 'neither set',
    );
  if (hasSecret) {
    const secret = new TextEncoder().encode(options.jwtSecret);
    if (secret.byteLength < MIN_HS256_SECRET_BYTES)
      throw new ConfigError(
        'JWT_SECRET',
        `an HS256 secret of at least ${MIN_HS256_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`,
        `${secret.byteLength} bytes`,
      );
    return { kind: 'secret', secret, algorithms: ['HS256'] };
  }
  let url: URL;
  try {
    url = new URL(options.jwksUrl ?? '');
  } catch {
    throw new ConfigError('JWKS_URL', 'an https:// URL of a JSON Web Key Set', options.jwksUrl);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('JWKS_URL', 'an https:// URL of a JSON Web Key Set', options.jwksUrl);
  // jose caches the key set and refetches (rate-limited) when a token names a key id it has not seen.
  return { kind: 'keySet', keySet: createRemoteJWKSet(url), algorithms: ['RS256', 'ES256'] };
}

function principalFrom(payload: JWTPayload): Principal {
  const scopes = new Set<string>();
  const { scope, scopes: scopeList } = payload as { scope?: unknown; scopes?: unknown };
  if (scope !== undefined) {
    if (typeof scope !== 'string')
      throw unauthenticated('the token\'s "scope" claim must be a space-separated string');
    // RFC 8693 4.2 (and RFC 6749 3.3): scopes are separated by spaces (U+0020) only. Any other whitespace
    // is part of a scope token, so a tab or no-break space never splits one scope into two granted ones.
    for (const name of scope.split(' ')) if (name !== '') scopes.add(name);
  }
  if (scopeList !== undefined) {
    if (!Array.isArray(scopeList) || !scopeList.every((name) => typeof name === 'string'))
      throw unauthenticated('the token\'s "scopes" claim must be an array of strings');
    for (const name of scopeList) if (name !== '') scopes.add(name);
  }
  if (payload.sub !== undefined && typeof payload.sub !== 'string')
    throw unauthenticated('the token\'s "sub" claim must be a string');
  return Object.freeze({ subject: payload.sub ?? null, scopes, authenticated: true });
}

/** jose's error as a message for the caller: what was wrong and what was expected, never the token. */
function explain(error: unknown, key: VerificationKey): Error {
  const { algorithms } = key;
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? error.payload.exp : undefined;
    return unauthenticated(
      exp === undefined
        ? 'token expired'
        : `token expired at ${new Date(exp * 1000).toISOString()}; get a new one`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing')
      return unauthenticated('the token has no "exp" claim; expected a token that expires');
    if (error.claim === 'nbf') return unauthenticated('token not valid yet (its "nbf" is in the future)');
    return unauthenticated(`token rejected: ${error.message}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return unauthenticated(
      `token signed with an algorithm this gateway does not accept; expected ${algorithms.join(' or ')}`,
    );
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return unauthenticated('token signature does not verify; expected a token issued for this gateway');
  if (error instanceof errors.JWKSNoMatchingKey)
    return unauthenticated(
      'token signed by a key the identity provider does not publish (no matching "kid")',
    );
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return keySetUnavailable(
      "cannot verify the token: the identity provider's key set (JWKS_URL) did not answer properly",
    );
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return unauthenticated(`${EXPECTED_HEADER}; the token is malformed (${error.message})`);
  // Anything else while fetching the key set (connection refused, DNS, TLS, timeout) is not a JOSEError;
  // the caller's token may be fine, so not a 401.
  if (key.kind === 'keySet' && !(error instanceof errors.JOSEError))
    return keySetUnavailable(
      "cannot verify the token: the identity provider's key set (JWKS_URL) is unreachable",
    );
  return error instanceof Error ? error : new Error(String(error));
}
