import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRuntime } from '../core/runtimeFile';
import { readScopedFields } from '../gateway/auth/readScopedFields';
import { cleanEnv, runHousing } from './helpers/runHousing';

// `housing token` prints a development bearer token the gateway accepts: HS256 over JWT_SECRET or the
// running stack's secret, with the scopes asked for, and nothing else on stdout.
const SECRET = 'token-test-secret-of-more-than-32-bytes!';
// The supergraph's field scopes, then the gateway's own (migration:admin, for /admin/api).
const knownScopes = [
  ...readScopedFields(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'))
    .knownScopes,
  'migration:admin',
];
const dataDir = mkdtempSync(join(tmpdir(), 'housing-token-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = cleanEnv(extra);
  for (const name of ['JWT_SECRET', 'JWKS_URL']) if (!(name in extra)) delete base[name];
  return base;
}

/** The token's claims, after checking its HS256 signature with the secret (independently of jose). */
function verified(token: string, secret: string): Record<string, unknown> {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  expect(signature).toBe(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

describe('housing token', () => {
  it('prints only the token, signed with JWT_SECRET, with the scopes, subject and lifetime asked for', async () => {
    const run = await runHousing(
      ['token', '--scopes', 'personal:read, finance:read', '--sub', 'alice', '--expires', '2h'],
      env({ JWT_SECRET: SECRET }),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = verified(run.stdout.trim(), SECRET);
    expect(claims).toMatchObject({ sub: 'alice', scope: 'personal:read finance:read' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(7200);
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('--scopes all grants every scope the supergraph declares and migration:admin; the defaults are subject developer for 1h', async () => {
    expect(knownScopes).toEqual(expect.arrayContaining(['personal:read', 'finance:read', 'personal:write']));
    const run = await runHousing(['token', '--scopes', 'all'], env({ JWT_SECRET: SECRET }));
    expect(run.code).toBe(0);
    const claims = verified(run.stdout.trim(), SECRET);
    expect(claims.scope).toBe(knownScopes.join(' '));
    expect(claims.sub).toBe('developer');
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it("signs with the running stack's secret from runtime.json when JWT_SECRET is not set", async () => {
    const stackSecret = 'the-stack-secret-kept-in-runtime-json-0123';
    writeRuntime({
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir,
      uh: { url: 'mssql://sa:x@127.0.0.1:1/uhtlive', port: 1 },
      postgres: { url: 'postgres://127.0.0.1:1/housing', embedded: true },
      services: {},
      jwtSecret: stackSecret,
    });
    const run = await runHousing(['token', '--scopes', 'finance:read', '--data-dir', dataDir], env());
    expect(run.code).toBe(0);
    expect(verified(run.stdout.trim(), stackSecret)).toMatchObject({ scope: 'finance:read' });
    // JWT_SECRET wins over the stack's: it is what a gateway started with it verifies against.
    const explicit = await runHousing(
      ['token', '--scopes', 'finance:read', '--data-dir', dataDir],
      env({ JWT_SECRET: SECRET }),
    );
    expect(verified(explicit.stdout.trim(), SECRET)).toMatchObject({ scope: 'finance:read' });
  });

  it('stops with exit code 2 and says what was expected: no secret, unknown scopes, short secret, bad span', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'housing-token-empty-'));
    try {
      const none = await runHousing(['token', '--scopes', 'personal:read', '--data-dir', empty], env());
      expect([none.code, none.stdout]).toEqual([2, '']);
      expect(none.stderr).toBe(
        `housing: no secret to sign with: set JWT_SECRET (the gateway's), or start the stack first (housing start --data-dir ${empty})\n`,
      );
      const jwks = await runHousing(
        ['token', '--scopes', 'personal:read', '--data-dir', empty],
        env({ JWKS_URL: 'https://idp.example/.well-known/jwks.json' }),
      );
      expect([jwks.code, jwks.stdout]).toEqual([2, '']);
      expect(jwks.stderr).toContain(
        'JWKS_URL is set: this gateway verifies tokens from your identity provider',
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }

    const unknown = await runHousing(
      ['token', '--scopes', 'personal:read,admin,root'],
      env({ JWT_SECRET: SECRET }),
    );
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toBe(
      `housing: --scopes: unknown scopes admin, root; expected "all" or a comma-separated list of ${knownScopes.join(', ')}\n`,
    );

    const short = await runHousing(['token', '--scopes', 'personal:read'], env({ JWT_SECRET: 'too-short' }));
    expect([short.code, short.stdout]).toEqual([2, '']);
    expect(short.stderr).toBe(
      'housing: JWT_SECRET: expected an HS256 secret of at least 32 bytes (the gateway refuses shorter ones), got 9 bytes\n',
    );

    const span = await runHousing(
      ['token', '--scopes', 'personal:read', '--expires', 'soon'],
      env({ JWT_SECRET: SECRET }),
    );
    expect([span.code, span.stdout]).toEqual([2, '']);
    expect(span.stderr).toContain(
      'expected a positive number followed by s, m, h or d (e.g. 30m, 8h, 7d), got "soon"',
    );
  }, 60_000);
});
