import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from './templateDatabase';

/**
 * A fresh, migrated database for one test file, copied from the template that globalSetup prepared.
 * Call drop() in afterAll; it disconnects stragglers (WITH (FORCE)) so a failed test cannot leak it.
 */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** `empty: true` gives an unmigrated database (for testing the migration runner itself). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.HOUSING_TEST_PG_ADMIN_URL;
  const template = process.env.HOUSING_TEST_PG_TEMPLATE;
  if (!adminUrl || !template) {
    throw new Error(
      'createTestDatabase: run the tests through jest (test/globalSetup.ts prepares PostgreSQL)',
    );
  }
  const name = `housing_test_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (admin) =>
    admin.query(
      `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(options.empty ? 'template0' : template)}`,
    ),
  );
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      await withAdmin(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
