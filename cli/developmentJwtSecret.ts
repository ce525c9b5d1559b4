import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir's development JWT secret (HS256, 32 random bytes), created on first use and kept in
 * <data dir>/jwt-secret (mode 600), so tokens minted with `housing token` keep working across restarts.
 * Production uses JWKS_URL instead; this never runs there (buildGatewayConfig refuses JWT_SECRET-less
 * production without JWKS_URL).
 */
export function developmentJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not created yet.
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
