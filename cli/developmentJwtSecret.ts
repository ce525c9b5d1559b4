import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir's development JWT secret (HS256, 32 random bytes), created on first use and kept in
 * <data dir>/jwt-secret (mode 600), so tokens minted with `housing token` keep working across restarts.
 * Production uses JWKS_URL instead; this never runs there (buildGatewayConfig refuses JWT_SECRET-less
 * production without JWKS_URL). Anyone who can read the file can mint a token with every scope, so a file
 * found readable by others is made private again.
 */
export function developmentJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  const existing = readExisting(file);
  if (existing !== undefined && existing.length >= 32) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return existing;
  }
  const secret = randomBytes(32).toString('base64url');
  // mode applies only when the file is created: a short (rejected) file left by hand is made private too.
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

function readExisting(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined; // not created yet
  }
}
