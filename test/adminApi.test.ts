import { SignJWT } from 'jose';
import { PgStore } from '../stores/cloud/PgStore';
import { recordPropertyIndexRun } from '../stores/cloud/propertyIndexRuns';
import type { RunningGateway } from '../gateway/startGateway';
import { ADMIN_CONTENT_SECURITY_POLICY } from '../gateway/admin/adminContentSecurityPolicy';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import { adminToken, letRepairRequestIntoShadow, startAdminGateway } from './helpers/adminGateway';
import { JWT_SECRET } from './helpers/gatewayStack';

// /admin/api over the real gateway and a real migration database: auth, the overview's readings, phase
// changes through the gated store (refused with every check, permitted, overridden), and every client
// mistake answered with what was expected.
jest.setTimeout(30_000);

let db: TestDatabase;
let raw: PgStore;
let gateway: RunningGateway;
let origin: string;
let admin: string;

beforeAll(async () => {
  db = await createTestDatabase();
  raw = new PgStore({ connectionString: db.url, max: 2 });
  gateway = await startAdminGateway(db.url);
  origin = new URL(gateway.url).origin;
  admin = await adminToken(['migration:admin'], 'alice');
});

afterAll(async () => {
  await gateway?.close();
  await raw?.close();
  await db?.drop();
});

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; rawBody?: string; contentType?: string } = {},
): Promise<Reply> {
  const token = options.token === undefined ? admin : options.token;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}

const phaseOf = async (entity: string) =>
  (
    await raw.query('SELECT phase, percent, changed_by FROM migration.entity_phase WHERE entity = $1', [
      entity,
    ])
  ).rows[0];

describe('auth', () => {
  it('answers 401 without a token, saying how to get one', async () => {
    const reply = await call('GET', '/admin/api/overview', { token: null });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="housing-graph admin"');
    expect(reply.body).toEqual({
      error: {
        code: 'UNAUTHENTICATED',
        message:
          'this API needs `Authorization: Bearer <JWT>` with scope migration:admin (housing token --scopes migration:admin mints a development one)',
      },
    });
  });

  it('answers 401 for a token that does not verify, and for a header that is not a bearer token', async () => {
    const forged = `${admin.slice(0, -4)}AAAA`;
    expect((await call('GET', '/admin/api/overview', { token: forged })).body.error).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'token signature does not verify; expected a token issued for this gateway',
    });
    const basic = await fetch(`${origin}/admin/api/overview`, { headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
    expect(((await basic.json()) as any).error.message).toBe(
      'expected `Authorization: Bearer <JWT>`; got the "Basic" scheme',
    );
  });

  it('answers 403 to a valid token without the migration:admin scope, on every endpoint', async () => {
    const reader = await adminToken(['personal:read', 'finance:read']);
    for (const [method, path] of [
      ['GET', '/admin/api/overview'],
      ['GET', '/admin/api/history'],
      ['POST', '/admin/api/entities/property/phase'],
    ] as const) {
      const reply = await call(method, path, {
        token: reader,
        ...(method === 'POST' ? { body: { phase: 'SHADOW', reason: 'x' } } : {}),
      });
      expect([reply.status, reply.body]).toEqual([
        403,
        {
          error: {
            code: 'FORBIDDEN',
            message: 'this API needs scope migration:admin; the token has only personal:read, finance:read',
          },
        },
      ]);
    }
    expect(await phaseOf('property')).toMatchObject({ phase: 'LEGACY' });
  });
});

describe('GET /admin/api/overview', () => {
  it('gives each entity its phase, the gates of its next step judged now, and no step back from LEGACY', async () => {
    const reply = await call('GET', '/admin/api/overview');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const overview = reply.body;
    expect(overview.entities.map((e: any) => [e.entity, e.phase, e.percent])).toEqual([
      ['property', 'LEGACY', 0],
      ['tenancy', 'LEGACY', 0],
      ['person', 'LEGACY', 0],
      ['repairRequest', 'LEGACY', 0],
    ]);
    const repair = overview.entities[3];
    expect(repair).toMatchObject({ changedBy: expect.any(String), back: null });
    expect(repair.next).toEqual({
      phase: 'SHADOW',
      percent: 0,
      verdict: {
        direction: 'forward',
        passed: false,
        checks: [
          {
            gate: 'backfill complete',
            passed: false,
            value: 'repairRequest notStarted',
            expected: 'every table of the entity backfilled (housing sync backfill)',
          },
          {
            gate: 'forward sync running',
            passed: false,
            value: 'not running',
            expected: 'a live forward worker (housing sync run, or housing start)',
          },
        ],
      },
    });
    expect(repair.readings.backfill.complete).toBe(false);
    expect(overview.thresholds).toEqual(
      expect.objectContaining({ maxForwardLagSeconds: expect.any(Number) }),
    );
    expect(overview.propertyIndex).toBeNull();
    expect(overview.reconciliations).toEqual([]);
    expect(overview.shadowMismatches).toEqual({ windowHours: 24, recent: [] });
  });

  it('reads the sync: lag over the last hour in 30 s buckets, outbox depth, dead letters and conflicts', async () => {
    await raw.query(
      `INSERT INTO sync.lag_sample (direction, taken_at, lag_seconds, lag_rows) VALUES
        ('forward', date_trunc('minute', now()) - interval '10 minutes', 2.5, 3),
        ('forward', date_trunc('minute', now()) - interval '10 minutes' + interval '5 seconds', 4, 1),
        ('forward', date_trunc('minute', now()) - interval '2 minutes', 1, 0),
        ('reverse', date_trunc('minute', now()) - interval '3 minutes', 0.5, 1),
        ('forward', now() - interval '2 hours', 99, 99)`,
    );
    await raw.query(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload, created_at)
       VALUES ('contactDetails', 'k1', 'UPDATE', '{}', now() - interval '40 seconds'),
              ('contactDetails', 'k2', 'UPDATE', '{}', now())`,
    );
    await raw.query(
      `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner)
       VALUES ('repairRequest', 'r1', '{}', '{}', 'UH')`,
    );
    const { body } = await call('GET', '/admin/api/overview');
    expect(body.lag.bucketSeconds).toBe(30);
    expect(body.lag.forward.map((p: any) => [p.lagSeconds, p.lagRows])).toEqual([
      [4, 3],
      [1, 0],
    ]);
    expect(body.lag.reverse.map((p: any) => p.lagSeconds)).toEqual([0.5]);
    expect(body.sync).toMatchObject({ outboxDepth: 2, deadLetters: 0, openConflicts: 1 });
    expect(body.sync.oldestOutboxAgeSeconds).toBeGreaterThanOrEqual(40);
    const person = body.entities.find((e: any) => e.entity === 'person');
    expect(person.readings.sync.reverse).toMatchObject({ pending: 2 });
  });

  it('lists recent shadow mismatches with both values, the latest reconciliations and the Property Index', async () => {
    await raw.query(
      `INSERT INTO migration.shadow_mismatch (entity, operation_name, path, legacy_value, cloud_value)
       VALUES ('property', 'PropertyPage', 'property.address.postcode', '"E8 1AA"', '"E8 1AB"')`,
    );
    await raw.query(
      `INSERT INTO sync.reconcile_run (entity, started_at, finished_at, status, uh_rows, cloud_rows, differences, unexplained)
       VALUES ('property', now() - interval '2 hours', now() - interval '2 hours', 'done', 100, 100, 0, 0),
              ('property', now() - interval '1 hour', now() - interval '1 hour', 'done', 100, 99, 1, 1)`,
    );
    const index = {
      generatedAt: new Date('2026-12-01T10:00:00Z').toISOString(),
      totals: { uh: 10, cloud: 10, llpg: 8, register: 9 },
      byLevel: [{ label: 'DWELLING', counts: { uh: 7, cloud: 7, llpg: 6, register: 6 } }],
      disagreements: { 'uprn-mismatch': 2 },
    };
    await recordPropertyIndexRun(raw, index);
    const { body } = await call('GET', '/admin/api/overview');
    expect(body.shadowMismatches.recent).toEqual([
      {
        id: expect.any(String),
        entity: 'property',
        operationName: 'PropertyPage',
        path: 'property.address.postcode',
        legacyValue: 'E8 1AA',
        cloudValue: 'E8 1AB',
        observedAt: expect.any(String),
      },
    ]);
    expect(body.reconciliations).toEqual([
      expect.objectContaining({
        source: 'property',
        status: 'done',
        uhRows: 100,
        cloudRows: 99,
        unexplained: 1,
      }),
    ]);
    expect(body.propertyIndex).toEqual(index);
  });
});

describe('POST /admin/api/entities/:entity/phase', () => {
  const move = (entity: string, body: unknown, token?: string) =>
    call('POST', `/admin/api/entities/${entity}/phase`, { body, token });

  it('refuses a forward move whose gates fail: 409 with every check, and nothing written', async () => {
    const before = await phaseOf('repairRequest');
    const reply = await move('repairRequest', { phase: 'SHADOW', reason: 'try shadow' });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toEqual({
      code: 'MIGRATION_GATE_FAILED',
      message: expect.stringMatching(/^repairRequest cannot move LEGACY -> SHADOW: 2 gate\(s\) failed\n/),
      checks: [
        expect.objectContaining({
          gate: 'backfill complete',
          passed: false,
          value: 'repairRequest notStarted',
        }),
        expect.objectContaining({ gate: 'forward sync running', passed: false, value: 'not running' }),
      ],
    });
    expect(await phaseOf('repairRequest')).toEqual(before);
  });

  it('moves when the gates hold, as the token subject, and the history says so', async () => {
    await letRepairRequestIntoShadow(raw);
    const reply = await move('repairRequest', { phase: 'SHADOW', reason: 'backfill done, sync running' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      before: expect.objectContaining({ entity: 'repairRequest', phase: 'LEGACY', percent: 0 }),
      after: expect.objectContaining({
        entity: 'repairRequest',
        phase: 'SHADOW',
        percent: 0,
        changedBy: 'alice',
        reason: 'backfill done, sync running',
      }),
    });
    expect(await phaseOf('repairRequest')).toEqual({ phase: 'SHADOW', percent: 0, changed_by: 'alice' });
    const history = await call('GET', '/admin/api/history?entity=repairRequest&limit=1');
    expect(history.body.changes).toEqual([
      expect.objectContaining({
        entity: 'repairRequest',
        fromPhase: 'LEGACY',
        toPhase: 'SHADOW',
        changedBy: 'alice',
        gateReadings: expect.objectContaining({ verdict: expect.objectContaining({ passed: true }) }),
      }),
    ]);
    const overview = await call('GET', '/admin/api/overview');
    const repair = overview.body.entities.find((e: any) => e.entity === 'repairRequest');
    expect([repair.phase, repair.next.phase, repair.next.percent, repair.back]).toEqual([
      'SHADOW',
      'CANARY',
      10,
      { phase: 'LEGACY', percent: 0 },
    ]);
  });

  it('moves anyway with overrideGates, recorded as an override; rolls back without any gate', async () => {
    const forced = await move('tenancy', {
      phase: 'CANARY',
      percent: 5,
      reason: 'drill',
      overrideGates: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.after).toMatchObject({ phase: 'CANARY', percent: 5 });
    const [change] = (await call('GET', '/admin/api/history?entity=tenancy&limit=1')).body.changes;
    expect(change.gateReadings.override).toEqual({ reason: 'drill', by: 'alice' });
    const back = await move('tenancy', { phase: 'LEGACY', reason: 'drill over' });
    expect(back.status).toBe(200);
    expect(back.body.after).toMatchObject({ phase: 'LEGACY', percent: 0 });
  });

  it.each([
    ['not JSON', '{phase:', 400, 'the request body is not valid JSON; expected {"phase": '],
    ['an array', '[]', 400, 'expected a JSON object {"phase": '],
    ['no reason', '{"phase":"SHADOW"}', 400, 'reason is required: say why the phase changes'],
    ['an empty reason', '{"phase":"SHADOW","reason":"  "}', 400, 'a reason is required'],
    ['no phase', '{"reason":"x"}', 400, 'phase is required; expected {"phase"'],
    [
      'an unknown phase',
      '{"phase":"ONLINE","reason":"x"}',
      400,
      'unknown phase "ONLINE"; expected one of LEGACY, SHADOW, CANARY, CLOUD',
    ],
    [
      'a misspelt field',
      '{"phase":"SHADOW","reason":"x","overideGates":true}',
      400,
      'unknown field(s) "overideGates"; expected',
    ],
    [
      'a percent as text',
      '{"phase":"CANARY","percent":"10","reason":"x"}',
      400,
      'percent: expected a number, got string "10"',
    ],
    ['CANARY without percent', '{"phase":"CANARY","reason":"x"}', 400, 'CANARY needs --percent from 1 to 99'],
    ['the phase it has', '{"phase":"LEGACY","reason":"x"}', 400, 'person is already LEGACY'],
  ])('answers %s (%s) with %i saying what was expected', async (_what, body, status, message) => {
    const reply = await call('POST', '/admin/api/entities/person/phase', { rawBody: body });
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe('BAD_USER_INPUT');
    expect(reply.body.error.message).toContain(message);
    expect(await phaseOf('person')).toMatchObject({ phase: 'LEGACY' });
  });

  it('refuses an unknown entity, a body over the limit, a body that is not JSON by type, and other methods', async () => {
    const unknown = await move('garage', { phase: 'SHADOW', reason: 'x' });
    expect([unknown.status, unknown.body.error.message]).toEqual([
      400,
      'unknown entity "garage"; expected one of property, tenancy, person, repairRequest',
    ]);
    const large = await move('person', { phase: 'SHADOW', reason: 'x'.repeat(20_000) });
    expect([large.status, large.body.error]).toEqual([
      413,
      { code: 'BAD_REQUEST', message: 'request body over the limit of 16384 bytes' },
    ]);
    const form = await call('POST', '/admin/api/entities/person/phase', {
      rawBody: 'phase=SHADOW',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect([form.status, form.body.error.message]).toEqual([
      415,
      'expected Content-Type: application/json, got "application/x-www-form-urlencoded"',
    ]);
    const get = await call('GET', '/admin/api/entities/person/phase');
    expect([get.status, get.headers.get('allow'), get.body.error.code]).toEqual([405, 'POST', 'BAD_REQUEST']);
    const nowhere = await call('GET', '/admin/api/phases');
    expect([nowhere.status, nowhere.body.error.message]).toEqual([
      404,
      'no endpoint GET /admin/api/phases; expected GET /admin/api/overview, GET /admin/api/history?entity=&limit=, POST /admin/api/entities/:entity/phase',
    ]);
  });

  it('refuses a token without a subject: a change is recorded with who made it', async () => {
    const anonymous = await new SignJWT({ scope: 'migration:admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const reply = await move('person', { phase: 'SHADOW', reason: 'x' }, anonymous);
    expect([reply.status, reply.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('GET /admin/api/history', () => {
  it('refuses an unknown entity and a limit out of range', async () => {
    expect((await call('GET', '/admin/api/history?entity=garage')).body.error).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'unknown entity "garage"; expected one of property, tenancy, person, repairRequest',
    });
    for (const limit of ['0', '5000', 'ten']) {
      const reply = await call('GET', `/admin/api/history?limit=${limit}`);
      expect([reply.status, reply.body.error.code]).toEqual([400, 'BAD_USER_INPUT']);
      expect(reply.body.error.message).toMatch(/^limit: expected a whole number from 1 to 1000, got /);
    }
  });
});

describe('the page', () => {
  it('is served at /admin with a strict CSP and only its own assets', async () => {
    const response = await fetch(`${origin}/admin`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(ADMIN_CONTENT_SECURITY_POLICY);
    expect(ADMIN_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:|\*/);
    const html = await response.text();
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs).toEqual([
      'data:,',
      expect.stringMatching(/^\/admin\/assets\/admin\.css\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/admin\/assets\/admin\.js\?v=[0-9a-f]{12}$/),
    ]);
    for (const ref of refs.slice(1)) {
      const asset = await fetch(`${origin}${ref}`);
      expect([asset.status, asset.headers.get('cache-control')]).toEqual([
        200,
        'public, max-age=31536000, immutable',
      ]);
    }
    expect((await fetch(`${origin}/admin/assets/../package.json`)).status).not.toBe(200);
  });
});

describe('without a usable migration database', () => {
  it('answers 503 when the gateway has none, and serves no page', async () => {
    const bare = await startAdminGateway(undefined);
    try {
      const bareOrigin = new URL(bare.url).origin;
      const reply = await fetch(`${bareOrigin}/admin/api/overview`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(reply.status).toBe(503);
      expect(((await reply.json()) as any).error).toEqual({
        code: 'MIGRATION_STORE_UNAVAILABLE',
        message:
          'this gateway has no migration database (set DATABASE_URL, or run it inside housing start): there are no phases to show or change',
      });
      expect((await fetch(`${bareOrigin}/admin`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('answers 503 when the database is away, and a client mistake is still a 400', async () => {
    const gone = await createTestDatabase();
    const away = await startAdminGateway(gone.url);
    try {
      await gone.drop();
      const awayOrigin = new URL(away.url).origin;
      const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
      const overview = await fetch(`${awayOrigin}/admin/api/overview`, { headers });
      expect(overview.status).toBe(503);
      expect(((await overview.json()) as any).error.code).toBe('MIGRATION_STORE_UNAVAILABLE');
      const change = await fetch(`${awayOrigin}/admin/api/entities/person/phase`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ phase: 'SHADOW', reason: 'x' }),
      });
      expect(change.status).toBe(503);
      const mistake = await fetch(`${awayOrigin}/admin/api/entities/person/phase`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ phase: 'SHADOW' }),
      });
      expect(mistake.status).toBe(400);
    } finally {
      await away.close();
    }
  });
});
