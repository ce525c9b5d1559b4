import pg from 'pg';
import { PgStore } from '../../stores/cloud/PgStore';
import { migrate } from '../../stores/cloud/migrate';
import { loadMigrations } from '../../stores/cloud/loadMigrations';
import { createHash } from 'node:crypto';

/**
 * A migrated template database named after the migrations' checksums, created once and reused by every
 * test file (CREATE DATABASE ... TEMPLATE is a file copy: far faster than migrating per file).
 */
export async function ensureTemplateDatabase(adminUrl: string): Promise<string> {
  const digest = createHash('sha256')
    .update(
      loadMigrations()
        .map((migration) => migration.checksum)
        .join(','),
    )
    .digest('hex')
    .slice(0, 12);
  const name = `housing_tpl_${digest}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Serialise template creation across concurrent test runs on the same server.
    await admin.query('SELECT pg_advisory_lock(7240002)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      const store = new PgStore({ connectionString: withDatabase(adminUrl, name), max: 1 });
      try {
        await migrate(store);
      } catch (error) {
        await store.close();
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
        throw error;
      }
      await store.close();
    }
    await admin.query('SELECT pg_advisory_unlock(7240002)');
  } finally {
    await admin.end();
  }
  return name;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
