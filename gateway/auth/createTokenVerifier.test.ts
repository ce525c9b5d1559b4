import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../../core/ConfigError';
import { createTokenVerifier } from './createTokenVerifier';
import { mintDevelopmentToken } from './mintDevelopmentToken';
import { ANONYMOUS } from './Principal';

const SECRET = 'a-development-secret-of-at-least-32-bytes';
const key = new TextEncoder().encode(SECRET);
const verify = createTokenVerifier({ jwtSecret: SECRET });
const now = () => Math.floor(Date.now() / 1000);

/** The error a verification throws, with its code, HTTP status and message. */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the token to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  const { extensions, message } = error as GraphQLError;
  return { code: extensions.code, status: (extensions.http as { status: number }).status, message };
}

describe('createTokenVerifier with JWT_SECRET (HS256)', () => {
  it('makes no header the anonymous principal: no subject, no scopes', async () => {
    await expect(verify(undefined)).resolves.toBe(ANONYMOUS);
    expect(ANONYMOUS).toEqual({ subject: null, scopes: new Set(), authenticated: false });
  });

  it('accepts a development token: subject and scopes from the scope claim', async () => {
    const token = await mintDevelopmentToken({
      secret: SECRET,
      subject: 'alice',
      scopes: ['personal:read', 'finance:read'],
      expiresIn: '5m',
    });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({
      subject: 'alice',
      scopes: new Set(['personal:read', 'finance:read']),
      authenticated: true,
    });
    // The scheme is case-insensitive (RFC 7235).
    expect((await verify(`bearer ${token}`)).subject).toBe('alice');
  });

  it('takes scopes from a scopes array too, and from both at once; a token without scopes has none', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(key);
    expect((await verify(`Bearer ${await sign({ scopes: ['finance:read'] })}`)).scopes).toEqual(
      new Set(['finance:read']),
    );
    expect(
      (await verify(`Bearer ${await sign({ scope: 'personal:read  ', scopes: ['finance:read'] })}`)).scopes,
    ).toEqual(new Set(['personal:read', 'finance:read']));
    expect(await verify(`Bearer ${await sign({})}`)).toEqual({
      subject: null,
      scopes: new Set(),
      authenticated: true,
    });
    expect(await failure(verify(`Bearer ${await sign({ scope: ['personal:read'] })}`))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: 'the token\'s "scope" claim must be a space-separated string',
    });
    expect((await failure(verify(`Bearer ${await sign({ scopes: 'personal:read' })}`))).message).toBe(
      'the token\'s "scopes" claim must be an array of strings',
    );
  });

  it('splits the scope claim on spaces only (RFC 8693 4.2): a tab or no-break space is part of a scope', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(key);
    const scopesOf = async (scope: string) => (await verify(`Bearer ${await sign({ scope })}`)).scopes;
    expect(await scopesOf('personal:read finance:read')).toEqual(new Set(['personal:read', 'finance:read']));
    expect(await scopesOf('personal:read\tfinance:read')).toEqual(new Set(['personal:read\tfinance:read']));
    expect(await scopesOf('personal:read\u00a0finance:read')).toEqual(
      new Set(['personal:read\u00a0finance:read']),
    );
    expect(await scopesOf('personal:read\nfinance:read')).toEqual(new Set(['personal:read\nfinance:read']));
  });

  it('refuses a malformed header with 401 UNAUTHENTICATED saying what was expected, never echoing it', async () => {
    const cases: [string, string][] = [
      ['Basic dXNlcjpwYXNz', 'expected `Authorization: Bearer <JWT>`; got the "Basic" scheme'],
      ['Bearer', 'expected `Authorization: Bearer <JWT>`; the header has no token'],
      ['', 'expected `Authorization: Bearer <JWT>`; the header has no token'],
      [
        'Bearer not-a-jwt-secret-sauce',
        'expected `Authorization: Bearer <JWT>`; the token is not a JWT (three base64url parts)',
      ],
      ['Bearer a.b.c d.e.f', 'expected `Authorization: Bearer <JWT>`; got more than one token after Bearer'],
      [
        'Bearer e30.e30.sig',
        expect.stringMatching(/^expected `Authorization: Bearer <JWT>`; the token is malformed/),
      ],
    ];
    for (const [header, message] of cases) {
      const refused = await failure(verify(header));
      expect([header, refused]).toEqual([header, { code: 'UNAUTHENTICATED', status: 401, message }]);
      if (header.length > 12) expect(refused.message).not.toContain(header.slice(7));
    }
  });

  it('refuses a bad signature, a wrong algorithm, an unsigned token, an expired one and one that never expires', async () => {
    const other = new TextEncoder().encode('another-secret-of-at-least-32-bytes-long');
    const forged = await new SignJWT({ scope: 'personal:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(other);
    expect(await failure(verify(`Bearer ${forged}`))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: 'token signature does not verify; expected a token issued for this gateway',
    });
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime('5m')
      .sign(key);
    expect((await failure(verify(`Bearer ${hs512}`))).message).toBe(
      'token signed with an algorithm this gateway does not accept; expected HS256',
    );
    const unsigned = new UnsecuredJWT({ scope: 'personal:read' }).setExpirationTime('5m').encode();
    // alg "none": refused for its shape as sent (no signature part), and for its algorithm when one is added.
    expect((await failure(verify(`Bearer ${unsigned}`))).message).toBe(
      'expected `Authorization: Bearer <JWT>`; the token is not a JWT (three base64url parts)',
    );
    expect((await failure(verify(`Bearer ${unsigned}x`))).message).toBe(
      'token signed with an algorithm this gateway does not accept; expected HS256',
    );
    const expiredAt = now() - 120;
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(expiredAt)
      .sign(key);
    expect(await failure(verify(`Bearer ${expired}`))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: `token expired at ${new Date(expiredAt * 1000).toISOString()}; get a new one`,
    });
    const forever = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect((await failure(verify(`Bearer ${forever}`))).message).toBe(
      'the token has no "exp" claim; expected a token that expires',
    );
    const early = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setNotBefore(now() + 600)
      .setExpirationTime('1h')
      .sign(key);
    expect((await failure(verify(`Bearer ${early}`))).message).toBe(
      'token not valid yet (its "nbf" is in the future)',
    );
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createTokenVerifier({
      jwtSecret: SECRET,
      issuer: 'https://idp.example',
      audience: 'housing-graph',
    });
    const sign = (iss: string, aud: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(iss)
        .setAudience(aud)
        .setExpirationTime('5m')
        .sign(key);
    expect((await strict(`Bearer ${await sign('https://idp.example', 'housing-graph')}`)).authenticated).toBe(
      true,
    );
    expect(
      (await failure(strict(`Bearer ${await sign('https://evil.example', 'housing-graph')}`))).message,
    ).toBe('token rejected: unexpected "iss" claim value');
    expect((await failure(strict(`Bearer ${await sign('https://idp.example', 'other')}`))).message).toBe(
      'token rejected: unexpected "aud" claim value',
    );
  });
});

describe('createTokenVerifier configuration', () => {
  it('needs exactly one of JWT_SECRET and JWKS_URL, naming both', () => {
    expect(() => createTokenVerifier({})).toThrow(
      new ConfigError(
        'JWT_SECRET / JWKS_URL',
        'exactly one of JWT_SECRET (HS256 secret, development) or JWKS_URL (identity provider key set, production)',
        'neither set',
      ),
    );
    expect(() => createTokenVerifier({ jwtSecret: SECRET, jwksUrl: 'https://idp.example/jwks' })).toThrow(
      'JWT_SECRET / JWKS_URL: expected exactly one of JWT_SECRET (HS256 secret, development) or JWKS_URL (identity provider key set, production), got "both set"',
    );
  });

  it('refuses an HS256 secret under 32 bytes without printing it', () => {
    let error: unknown;
    try {
      createTokenVerifier({ jwtSecret: 'hunter2-hunter2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'JWT_SECRET: expected an HS256 secret of at least 32 bytes (e.g. openssl rand -base64 48), got "15 bytes"',
    );
    expect((error as Error).message).not.toContain('hunter2');
    expect(() => createTokenVerifier({ jwksUrl: 'ftp://idp.example/jwks' })).toThrow(
      'JWKS_URL: expected an https:// URL of a JSON Web Key Set, got "ftp://idp.example/jwks"',
    );
  });
});

describe('createTokenVerifier with JWKS_URL (RS256, ES256)', () => {
  let server: Server;
  let jwksUrl: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let fetches = 0;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('verifies RS256 and ES256 tokens against the published keys, fetching the key set once', async () => {
    const verifyJwks = createTokenVerifier({ jwksUrl });
    const rs = await new SignJWT({ scope: 'personal:read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setSubject('svc-a')
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
    const es = await new SignJWT({ scopes: ['finance:read'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' })
      .setSubject('svc-b')
      .setExpirationTime('5m')
      .sign(ec.privateKey);
    fetches = 0;
    expect(await verifyJwks(`Bearer ${rs}`)).toEqual({
      subject: 'svc-a',
      scopes: new Set(['personal:read']),
      authenticated: true,
    });
    expect((await verifyJwks(`Bearer ${es}`)).scopes).toEqual(new Set(['finance:read']));
    expect(fetches).toBe(1);
  });

  it('refuses a token signed by another key, a development HS256 token, and an unknown key id', async () => {
    const verifyJwks = createTokenVerifier({ jwksUrl });
    const stranger = await generateKeyPair('RS256');
    const impostor = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setExpirationTime('5m')
      .sign(stranger.privateKey);
    expect((await failure(verifyJwks(`Bearer ${impostor}`))).message).toBe(
      'token signature does not verify; expected a token issued for this gateway',
    );
    const development = await mintDevelopmentToken({
      secret: SECRET,
      subject: 'x',
      scopes: [],
      expiresIn: '5m',
    });
    expect(await failure(verifyJwks(`Bearer ${development}`))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      message: 'token signed with an algorithm this gateway does not accept; expected RS256 or ES256',
    });
    const unknownKid = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rotated-away' })
      .setExpirationTime('5m')
      .sign(stranger.privateKey);
    expect((await failure(verifyJwks(`Bearer ${unknownKid}`))).message).toBe(
      'token signed by a key the identity provider does not publish (no matching "kid")',
    );
  });

  it('answers 503 DOWNSTREAM_SERVICE_ERROR, not 401, when the key set cannot be fetched', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const verifyDown = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
    expect(await failure(verifyDown(`Bearer ${token}`))).toEqual({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      status: 503,
      message: "cannot verify the token: the identity provider's key set (JWKS_URL) is unreachable",
    });
  });
});
