import { SignJWT } from 'jose';
import { MIN_HS256_SECRET_BYTES } from './createTokenVerifier';

export interface DevelopmentTokenOptions {
  /** The gateway's JWT_SECRET (HS256). */
  readonly secret: string;
  readonly subject: string;
  readonly scopes: readonly string[];
  /** jose's time span: '1h', '30m', '7d', or seconds as a number. */
  readonly expiresIn: string | number;
}

/**
 * An HS256 token the development gateway accepts (`housing token`). Production gateways verify tokens
 * against the identity provider's key set (JWKS_URL) and never accept these.
 */
export async function mintDevelopmentToken(options: DevelopmentTokenOptions): Promise<string> {
  const secret = new TextEncoder().encode(options.secret);
  if (secret.byteLength < MIN_HS256_SECRET_BYTES)
    throw new Error(
      `the signing secret must be at least ${MIN_HS256_SECRET_BYTES} bytes for HS256, got ${secret.byteLength}`,
    );
  return new SignJWT({ scope: options.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(
      typeof options.expiresIn === 'number'
        ? Math.floor(Date.now() / 1000) + options.expiresIn
        : options.expiresIn,
    )
    .sign(secret);
}
