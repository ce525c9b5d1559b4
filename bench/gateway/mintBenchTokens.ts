import { SignJWT } from 'jose';

/**
 * Bearer tokens for the bench: HS256 with the run's JWT_SECRET, every scope the supergraph requires (the
 * `scope` claim, space-separated, as gateway/auth reads it), one per consumer (`sub` is the consumer key
 * the gateway's canary hashes, so several consumers put requests on both sides of a CANARY phase).
 */
export async function mintBenchTokens(
  secret: string,
  scopes: readonly string[],
  consumers: number,
): Promise<string[]> {
  const key = new TextEncoder().encode(secret);
  return Promise.all(
    Array.from({ length: consumers }, (_, i) =>
      new SignJWT({ scope: scopes.join(' ') })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(`bench-consumer-${i + 1}`)
        .setIssuedAt()
        .setExpirationTime('6h')
        .sign(key),
    ),
  );
}
