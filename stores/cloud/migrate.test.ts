import { mkdtempSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgStore } from './PgStore';
import { migrate, migrationStatus, MigrationError } from './migrate';
import { loadMigrations, MIGRATIONS_DIR } from './loadMigrations';
import { createTestDatabase, type TestDatabase } from '../../test/pg/createTestDatabase';

describe('cloud database migrations', () => {
  let db: TestDatabase;
  let store: PgStore;

  beforeEach(async () => {
    db = await createTestDatabase({ empty: true });
    store = new PgStore({ connectionString: db.url, max: 4 });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('applies every migration once, records it, and does nothing the second time', async () => {
    const all = loadMigrations().map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
    await expect(migrate(store)).resolves.toEqual({ applied: all, current: all.length });
    await expect(migrate(store)).resolves.toEqual({ applied: [], current: all.length });
    const { rows } = await store.query('SELECT version FROM housing_meta.schema_migration ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    expect((await migrationStatus(store)).every((m) => m.applied)).toBe(true);
  });

  it('lets concurrent runners race safely: the advisory lock makes one apply and the others find nothing to do', async () => {
    const results = await Promise.all([migrate(store), migrate(store), migrate(store)]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, loadMigrations().length]);
  });

  it('refuses a database that is newer than the code', async () => {
    await migrate(store);
    await store.query(
      `INSERT INTO housing_meta.schema_migration (version, name, checksum) VALUES (9999, 'from_the_future', 'x')`,
    );
    await expect(migrate(store)).rejects.toThrow(
      /database has migration 9999_from_the_future, which this code does not have .*newer than the code/,
    );
  });

  it('refuses an applied migration whose file was edited afterwards', async () => {
    await migrate(store);
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    for (const file of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
    writeFileSync(join(dir, '0001_create_schemas.sql'), '-- edited\n');
    const error = await migrate(store, loadMigrations(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(
      /0001_create_schemas was changed after it was applied.*append-only/,
    );
  });

  it('rolls back a failing migration whole and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    for (const file of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
    const next = String(loadMigrations().length + 1).padStart(4, '0');
    writeFileSync(
      join(dir, `${next}_broken.sql`),
      'CREATE TABLE housing.half_done (id int);\nSELECT * FROM no_such_table;\n',
    );
    await expect(migrate(store, loadMigrations(dir))).rejects.toThrow(
      new RegExp(`migration ${next}_broken failed: .*no_such_table`),
    );
    const { rows } = await store.query(`SELECT to_regclass('housing.half_done') AS t`);
    expect(rows[0]?.t).toBeNull();
    expect(
      (await migrationStatus(store, loadMigrations(dir))).filter((m) => !m.applied).map((m) => m.name),
    ).toEqual(['broken']);
  });

  it('rejects a badly named or gapped migration folder with a message saying what was expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '0002_second.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(
      /numbered 0001, 0002, ... without gaps: expected 0001, found 0002_second.sql/,
    );
    writeFileSync(join(dir, 'Create Stuff.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/expected a name like 0001_create_schemas.sql/);
  });
});
