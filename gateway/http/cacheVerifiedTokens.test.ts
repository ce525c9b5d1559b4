import { SignJWT } from 'jose';
import { createTokenVerifier } from '../auth/createTokenVerifier';
import { cacheVerifiedTokens } from './cacheVerifiedTokens';

const SECRET = 'a-development-secret-of-32-bytes-or-more';

async function token(expSeconds: number): Promise<string> {
  return new SignJWT({ scope: 'personal:read' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('alice')
    .setExpirationTime(expSeconds)
    .sign(new TextEncoder().encode(SECRET));
}

describe('cacheVerifiedTokens', () => {
  it('checks a token once while cached, never past its exp, and never caches a refusal', async () => {
    const real = createTokenVerifier({ jwtSecret: SECRET });
    let calls = 0;
    let now = Date.now();
    const verify = cacheVerifiedTokens(
      async (header) => {
        calls++;
        return real(header);
      },
      { now: () => now, ttlMs: 60_000 },
    );
    const exp = Math.floor(now / 1000) + 30;
    const header = `Bearer ${await token(exp)}`;
    expect((await verify(header)).subject).toBe('alice');
    expect((await verify(header)).scopes).toEqual(new Set(['personal:read']));
    expect(calls).toBe(1);
    // Past exp the cache does not answer: the real verifier sees the token again (and refuses it, on
    // the real clock, only once it has really expired, which it has not here).
    now = exp * 1000 + 1;
    await verify(header);
    expect(calls).toBe(2);

    const bad = 'Bearer not.a.token';
    await expect(verify(bad)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verify(bad)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(calls).toBe(4);
  });

  it('keeps at most maxEntries tokens', async () => {
    let calls = 0;
    const verify = cacheVerifiedTokens(
      async () => {
        calls++;
        return { subject: 'x', scopes: new Set<string>(), authenticated: true };
      },
      { maxEntries: 2 },
    );
    const exp = Math.floor(Date.now() / 1000) + 60;
    const [a, b, c] = [await token(exp), await token(exp + 1), await token(exp + 2)].map(
      (t) => `Bearer ${t}`,
    );
    for (const header of [a, b, c, a]) await verify(header);
    expect(calls).toBe(4); // a was dropped to make room for c
  });
});
