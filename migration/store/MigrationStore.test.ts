import { createTestDatabase, type TestDatabase } from '../../test/pg/createTestDatabase';
import { PgStore } from '../../stores/cloud/PgStore';
import { SYNC_ENTITY_PHASE_ENTITY, SYNC_ENTITIES } from '../../stores/cloud/syncEntities';
import { ENTITIES } from '../phases';
import { MigrationControlError } from '../migrationErrors';
import { ENTITY_BACKFILL_SOURCES } from '../gates/entityBackfillSources';
import { MAX_SHADOW_MISMATCHES_PER_CALL, MAX_SHADOW_VALUE_CHARS } from './shadowMismatchRows';
import { MigrationStore } from './MigrationStore';

// The migration store over a real, freshly migrated database: phases, atomic changes with history and
// gate readings, shadow mismatches.
describe('MigrationStore', () => {
  let db: TestDatabase;
  let store: MigrationStore;
  let raw: PgStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new MigrationStore({ connectionString: db.url, max: 3 });
    raw = new PgStore({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await store.close();
    await raw.close();
    await db.drop();
  });

  const tableState = async () => ({
    phases: (await raw.query('SELECT * FROM migration.entity_phase ORDER BY entity')).rows,
    history: (await raw.query('SELECT * FROM migration.phase_history ORDER BY id')).rows,
  });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) =>
        error instanceof MigrationControlError ? `${error.code}: ${error.message}` : String(error),
    );

  it('reads every entity at LEGACY in a new database, in ENTITIES order', async () => {
    const phases = await store.readPhases();
    expect(phases.map((p) => [p.entity, p.phase, p.percent, p.changedBy, p.reason])).toEqual(
      ENTITIES.map((entity) => [entity, 'LEGACY', 0, 'system', 'initial state']),
    );
    expect(phases[0]?.changedAt).toBeInstanceOf(Date);
  });

  it('every backfill source belongs to exactly one entity', () => {
    const all = Object.values(ENTITY_BACKFILL_SOURCES).flat();
    expect([...all].sort()).toEqual([...SYNC_ENTITIES].sort());
  });

  it('the stores’ map from sync entity to migration entity is the same map the other way round', () => {
    const inverse = Object.entries(ENTITY_BACKFILL_SOURCES).flatMap(([entity, sources]) =>
      sources.map((source) => [source, entity]),
    );
    expect(Object.fromEntries(inverse)).toEqual(SYNC_ENTITY_PHASE_ENTITY);
  });

  it('setPhase updates the row and writes one history row with who, why and real gate readings, in one transaction', async () => {
    await raw.query(
      `INSERT INTO sync.checkpoint (job, source, rows_done, completed) VALUES
         ('backfill', 'tenancy', 120, true), ('backfill', 'rentTransaction', 40, false), ('backfill', 'property', 9, true)`,
    );
    await raw.query(
      `INSERT INTO sync.reject (job, source, source_key, reason, row_data) VALUES
         ('backfill', 'tenancy', 'T1', 'bad date', '{}'), ('forward', 'tenancy', 'T2', 'bad date', '{}'),
         ('backfill', 'property', 'P1', 'bad ref', '{}')`,
    );
    // A reject UH has fixed since (forward capture resolved it) is history, not counted.
    await raw.query(
      `INSERT INTO sync.reject (job, source, source_key, reason, row_data, resolved_at, resolution) VALUES
         ('backfill', 'tenancy', 'T3', 'bad date', '{}', now(), 'taken by forward capture')`,
    );
    await raw.query(
      `INSERT INTO sync.reconcile_run (entity, finished_at, status, differences, unexplained) VALUES ('tenancy', now(), 'done', 3, 1)`,
    );
    await store.recordShadowMismatches([
      {
        entity: 'tenancy',
        operationName: 'T',
        path: 'tenancy.balance',
        legacyValue: '1.00',
        cloudValue: '1.10',
      },
    ]);
    const { before, after } = await store.setPhase({
      entity: 'tenancy',
      phase: 'CANARY',
      percent: 10,
      reason: '  canary for the repairs team ',
      changedBy: 'alice',
      overrideGates: true,
    });
    expect(before).toMatchObject({ entity: 'tenancy', phase: 'LEGACY', percent: 0, changedBy: 'system' });
    expect(after).toMatchObject({
      entity: 'tenancy',
      phase: 'CANARY',
      percent: 10,
      changedBy: 'alice',
      reason: 'canary for the repairs team',
    });
    const [change, ...rest] = await store.history('tenancy');
    expect(rest).toEqual([]);
    expect(change).toMatchObject({
      entity: 'tenancy',
      fromPhase: 'LEGACY',
      fromPercent: 0,
      toPhase: 'CANARY',
      toPercent: 10,
      changedBy: 'alice',
      reason: 'canary for the repairs team',
    });
    expect(change?.changedAt.getTime()).toBe(after.changedAt.getTime());
    expect(change?.gateReadings).toEqual({
      readAt: after.changedAt.toISOString(),
      backfill: {
        complete: false,
        sources: [
          { source: 'tenureType', state: 'notStarted', rowsDone: 0, updatedAt: null, rejects: 0 },
          { source: 'tenancy', state: 'complete', rowsDone: 120, updatedAt: expect.any(String), rejects: 2 },
          {
            source: 'rentTransaction',
            state: 'inProgress',
            rowsDone: 40,
            updatedAt: expect.any(String),
            rejects: 0,
          },
        ],
      },
      rejects: 2,
      reconciliation: {
        at: null,
        ageHours: null,
        clean: false,
        unexplained: 1,
        sources: [
          {
            source: 'tenureType',
            runId: null,
            finishedAt: null,
            ageHours: null,
            differences: 0,
            unexplained: 0,
          },
          {
            source: 'tenancy',
            runId: expect.any(String),
            finishedAt: expect.any(String),
            ageHours: expect.any(Number),
            differences: 3,
            unexplained: 1,
          },
          {
            source: 'rentTransaction',
            runId: null,
            finishedAt: null,
            ageHours: null,
            differences: 0,
            unexplained: 0,
          },
        ],
      },
      shadowMismatches: { windowHours: 24, count: 1 },
      shadowComparisons: { windowHours: 24, compared: 0, mismatched: 0, failed: 0, mismatchRate: null },
      canary: {
        windowHours: 24,
        cloudRequests: 0,
        cloudErrors: 0,
        cloudErrorRate: null,
        legacyRequests: 0,
        legacyErrors: 0,
        legacyErrorRate: null,
      },
      stranded: { count: 0, oldestAt: null, writes: [] },
      sync: {
        forward: {
          running: false,
          lagSeconds: null,
          tables: ['tenure', 'tenagree', 'rtrans', 'debtype', 'rectype'].map((table) => ({
            table,
            lagSeconds: null,
          })),
        },
        reverse: { running: false, pending: 0, oldestPendingAgeSeconds: 0, deadLetters: 0, openConflicts: 0 },
      },
      verdict: {
        direction: 'forward',
        passed: false,
        checks: expect.arrayContaining([
          {
            gate: 'forward sync running',
            passed: false,
            value: 'not running',
            expected: 'a live forward worker (housing sync run, or housing start)',
          },
        ]),
      },
      override: { reason: 'canary for the repairs team', by: 'alice' },
    });
    expect((await store.readPhases()).find((p) => p.entity === 'tenancy')).toEqual(after);
  });

  it('keeps readings the caller supplies beside its own', async () => {
    await store.setPhase({
      entity: 'property',
      phase: 'SHADOW',
      reason: 'start comparing',
      changedBy: 'bob',
      gateReadings: { ticket: 'MIG-7' },
      overrideGates: true,
    });
    const [change] = await store.history('property', 1);
    expect(change?.gateReadings).toMatchObject({
      backfill: {
        complete: true,
        sources: [{ source: 'property', state: 'complete', rowsDone: 9, rejects: 1 }],
      },
      supplied: { ticket: 'MIG-7' },
    });
  });

  it.each([
    [{ phase: 'CANARY' }, /MIGRATION_INVALID_CHANGE: CANARY needs --percent from 1 to 99.*got none/],
    [{ phase: 'CANARY', percent: 0 }, /MIGRATION_INVALID_CHANGE: CANARY needs --percent from 1 to 99.*got 0/],
    [{ phase: 'CANARY', percent: 100 }, /MIGRATION_INVALID_CHANGE: CANARY needs --percent .*got 100/],
    [
      { phase: 'CANARY', percent: 12.5 },
      /MIGRATION_INVALID_INPUT: percent: expected a whole number from 0 to 100, got 12.5/,
    ],
    [
      { phase: 'SHADOW', percent: 5 },
      /MIGRATION_INVALID_CHANGE: SHADOW takes no percent \(it is always 0%\), got 5/,
    ],
    [
      { phase: 'CLOUD', percent: 50 },
      /MIGRATION_INVALID_CHANGE: CLOUD takes no percent \(it is always 100%\), got 50/,
    ],
    [
      { phase: 'SIDEWAYS' },
      /MIGRATION_INVALID_INPUT: unknown phase "SIDEWAYS"; expected one of LEGACY, SHADOW, CANARY, CLOUD/,
    ],
    [
      { entity: 'lease' },
      /MIGRATION_INVALID_INPUT: unknown entity "lease"; expected one of property, tenancy, person, repairRequest/,
    ],
    [{ reason: '   ' }, /MIGRATION_INVALID_CHANGE: a reason is required/],
    [
      { reason: 'a 501-character reason'.padEnd(501, '.') },
      /MIGRATION_INVALID_CHANGE: the reason is 501 characters long; at most 500/,
    ],
    [
      { changedBy: '' },
      /MIGRATION_INVALID_CHANGE: changed by: expected a name of 1 to 100 characters, got ""/,
    ],
    [
      { entity: 'tenancy', phase: 'CANARY', percent: 10 },
      /MIGRATION_INVALID_CHANGE: tenancy is already CANARY 10% \(since .*, by alice\); nothing changed/,
    ],
    [{ phase: 'LEGACY' }, /MIGRATION_INVALID_CHANGE: person is already LEGACY/],
  ])('refuses %j and changes nothing (the rows and the history as they were)', async (override, message) => {
    const before = await tableState();
    const request = { entity: 'person', phase: 'SHADOW', reason: 'why', changedBy: 'carol', ...override };
    expect(await codeOf(store.setPhase(request as never))).toMatch(message);
    expect(await tableState()).toEqual(before);
  });

  it('writes nothing when the history insert fails after the update (one transaction)', async () => {
    await raw
      .query(`CREATE FUNCTION pg_temp.x() RETURNS int LANGUAGE sql AS 'SELECT 1'`)
      .catch(() => undefined);
    await raw.query(`CREATE OR REPLACE FUNCTION migration.refuse_history() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN IF NEW.reason = 'explode' THEN RAISE EXCEPTION 'history refused'; END IF; RETURN NEW; END $$`);
    await raw.query(`CREATE TRIGGER refuse_history BEFORE INSERT ON migration.phase_history
      FOR EACH ROW EXECUTE FUNCTION migration.refuse_history()`);
    try {
      const before = await tableState();
      await expect(
        store.setPhase({
          entity: 'repairRequest',
          phase: 'CLOUD',
          reason: 'explode',
          changedBy: 'dave',
          overrideGates: true,
        }),
      ).rejects.toThrow('history refused');
      expect(await tableState()).toEqual(before);
    } finally {
      await raw.query('DROP TRIGGER refuse_history ON migration.phase_history');
      await raw.query('DROP FUNCTION migration.refuse_history()');
    }
  });

  it('two people making the same change at once: one wins, the other is told it is already done', async () => {
    const results = await Promise.allSettled(
      ['erin', 'frank'].map((changedBy) =>
        store.setPhase({
          entity: 'repairRequest',
          phase: 'SHADOW',
          reason: 'race',
          changedBy,
          overrideGates: true,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(String(rejected?.reason)).toMatch(/repairRequest is already SHADOW/);
    expect(await store.history('repairRequest')).toHaveLength(1);
  });

  it('history: newest first, filtered by entity, limited; bad limits refused', async () => {
    await store.setPhase({
      entity: 'tenancy',
      phase: 'CANARY',
      percent: 50,
      reason: 'wider',
      changedBy: 'alice',
      overrideGates: true,
    });
    const all = await store.history();
    expect(all.map((c) => [c.entity, c.toPhase, c.toPercent])).toEqual([
      ['tenancy', 'CANARY', 50],
      ['repairRequest', 'SHADOW', 0],
      ['property', 'SHADOW', 0],
      ['tenancy', 'CANARY', 10],
    ]);
    expect((await store.history('tenancy', 1)).map((c) => c.toPercent)).toEqual([50]);
    expect(await codeOf(store.history(undefined, 0))).toMatch(
      /MIGRATION_INVALID_INPUT: limit: expected a whole number from 1 to 1000, got 0/,
    );
    expect(await codeOf(store.history('flat' as never))).toMatch(/unknown entity "flat"/);
  });

  it('records shadow mismatches in one statement and counts them per entity since a time', async () => {
    const since = new Date(Date.now() - 60_000);
    const big = Array.from({ length: 2000 }, (_, i) => ({ reference: String(i).padStart(8, '0') }));
    await store.recordShadowMismatches([
      {
        entity: 'property',
        operationName: null,
        path: 'property.uprn',
        legacyValue: null,
        cloudValue: '100023',
      },
      {
        entity: 'property',
        operationName: 'Props',
        path: 'properties.edges',
        legacyValue: big,
        cloudValue: undefined,
      },
    ]);
    await store.recordShadowMismatches([]);
    const rows = (
      await raw.query(
        `SELECT entity, operation_name, path, legacy_value, cloud_value FROM migration.shadow_mismatch
         WHERE entity = 'property' ORDER BY id`,
      )
    ).rows;
    expect(rows[0]).toEqual({
      entity: 'property',
      operation_name: null,
      path: 'property.uprn',
      legacy_value: null, // JSON null comes back as null too; the column is NOT SQL NULL:
      cloud_value: '100023',
    });
    expect(
      (
        await raw.query(
          `SELECT legacy_value IS NULL AS sql_null FROM migration.shadow_mismatch WHERE path = 'property.uprn'`,
        )
      ).rows,
    ).toEqual([{ sql_null: false }]);
    expect(rows[1]?.legacy_value).toMatchObject({ truncated: true, jsonChars: JSON.stringify(big).length });
    expect(JSON.stringify(rows[1]?.legacy_value).length).toBeLessThan(MAX_SHADOW_VALUE_CHARS);
    expect(rows[1]?.cloud_value).toBeNull();
    expect(await store.shadowMismatchCounts(since)).toEqual({
      property: 2,
      tenancy: 1,
      person: 0,
      repairRequest: 0,
    });
    expect(await store.shadowMismatchCounts(new Date(Date.now() + 60_000))).toEqual({
      property: 0,
      tenancy: 0,
      person: 0,
      repairRequest: 0,
    });
  });

  it('refuses bad shadow rows without writing any', async () => {
    const count = async () =>
      (await raw.query('SELECT count(*)::int AS n FROM migration.shadow_mismatch')).rows[0];
    const before = await count();
    const row = {
      entity: 'person',
      operationName: null,
      path: 'person.surname',
      legacyValue: 'A',
      cloudValue: 'B',
    } as const;
    expect(
      await codeOf(
        store.recordShadowMismatches(Array.from({ length: MAX_SHADOW_MISMATCHES_PER_CALL + 1 }, () => row)),
      ),
    ).toMatch(/MIGRATION_INVALID_INPUT: at most 500 shadow mismatches per call, got 501/);
    expect(await codeOf(store.recordShadowMismatches([row, { ...row, entity: 'lease' as never }]))).toMatch(
      /shadow mismatch 1: unknown entity "lease"/,
    );
    expect(await codeOf(store.recordShadowMismatches([{ ...row, path: '' }]))).toMatch(
      /expected a non-empty path/,
    );
    expect(await count()).toEqual(before);
  });

  it('says the database needs migrating when the migration tables are missing', async () => {
    const empty = await createTestDatabase({ empty: true });
    const bare = new MigrationStore({ connectionString: empty.url });
    try {
      expect(await codeOf(bare.readPhases())).toBe(
        'MIGRATION_SCHEMA_MISSING: the cloud database has no migration tables: apply its migrations first (housing db migrate)',
      );
    } finally {
      await bare.close();
      await empty.drop();
    }
  });

  it('says the database is unavailable when nothing listens', async () => {
    const nowhere = new MigrationStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      timeoutMs: 1000,
    });
    try {
      expect(await codeOf(nowhere.readPhases())).toMatch(
        /^MIGRATION_STORE_UNAVAILABLE: the migration phases could not be read or written/,
      );
    } finally {
      await nowhere.close();
    }
  });
});
