import { mintDevelopmentToken } from '../../gateway/auth/mintDevelopmentToken';

/**
 * Bearer tokens for the bench, minted as `housing token` mints them (HS256 with the run's JWT_SECRET),
 * with every scope the supergraph requires, one per consumer: `sub` is the consumer key the gateway's
 * canary hashes, so several consumers put requests on both sides of a CANARY phase.
 */
export async function mintBenchTokens(
  secret: string,
  scopes: readonly string[],
  consumers: number,
): Promise<string[]> {
  return Promise.all(
    Array.from({ length: consumers }, (_, i) =>
      mintDevelopmentToken({ secret, subject: benchConsumerSubject(i + 1), scopes, expiresIn: '6h' }),
    ),
  );
}

/** The subject (consumer key) of bench consumer n, counted from 1. */
export function benchConsumerSubject(n: number): string {
  return `bench-consumer-${n}`;
}
