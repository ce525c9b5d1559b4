import type { PgStore, PgClient } from './PgStore';
import { loadMigrations, type Migration } from './loadMigrations';

/**
 * Applies the cloud database's numbered migrations. Safe to run from several processes at once: the
 * whole run holds a session-level advisory lock, so a second runner waits and then finds nothing to do.
 * Refuses a database that has migrations this code does not know (it is newer than the code), and a
 * database where an applied migration's text has since changed (migrations are append-only).
 */
export const MIGRATION_LOCK_KEY = 7_240_001; // arbitrary, stable; shared by every runner of this project

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly current: number;
}

export async function migrate(
  store: PgStore,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrateResult> {
  return store.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS housing_meta`);
      await client.query(`CREATE TABLE IF NOT EXISTS housing_meta.schema_migration (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const applied = await appliedMigrations(client);
      check(applied, migrations);
      const done: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await applyOne(client, migration);
        done.push(label(migration));
      }
      return { applied: done, current: migrations.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

export async function migrationStatus(store: PgStore, migrations: readonly Migration[] = loadMigrations()) {
  const exists = await store.query<{ ok: boolean }>(
    `SELECT to_regclass('housing_meta.schema_migration') IS NOT NULL AS ok`,
  );
  const applied = exists.rows[0]?.ok
    ? await store.withClient((client) => appliedMigrations(client))
    : new Map<number, { name: string; checksum: string }>();
  return migrations.map((migration) => ({
    version: migration.version,
    name: migration.name,
    applied: applied.has(migration.version),
  }));
}

async function appliedMigrations(client: PgClient): Promise<Map<number, { name: string; checksum: string }>> {
  const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM housing_meta.schema_migration ORDER BY version',
  );
  return new Map(rows.map((row) => [row.version, { name: row.name, checksum: row.checksum }]));
}

function check(
  applied: Map<number, { name: string; checksum: string }>,
  migrations: readonly Migration[],
): void {
  const latest = migrations.at(-1);
  for (const [version, row] of applied) {
    const known = migrations.find((migration) => migration.version === version);
    if (known === undefined) {
      throw new MigrationError(
        `the database has migration ${String(version).padStart(4, '0')}_${row.name}, which this code does not have ` +
          `(its latest is ${latest ? label(latest) : 'none'}): the database is newer than the code; deploy the newer code instead`,
      );
    }
    if (known.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${label(known)} was changed after it was applied to this database; ` +
          `migrations are append-only: restore the file and add a new numbered migration`,
      );
    }
  }
}

async function applyOne(client: PgClient, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query(
      'INSERT INTO housing_meta.schema_migration (version, name, checksum) VALUES ($1, $2, $3)',
      [migration.version, migration.name, migration.checksum],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`migration ${label(migration)} failed: ${(error as Error).message}`);
  }
}

function label(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}`;
}
