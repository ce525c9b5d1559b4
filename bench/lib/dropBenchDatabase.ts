import { PgStore } from '../../stores/cloud/PgStore';

/** Drop a bench's own database (sessions on it closed), so the run starts from nothing. */
export async function dropBenchDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^housing_bench_[a-z_]+$/.test(database)) {
    throw new Error(`dropBenchDatabase: refusing to drop "${database}" (only housing_bench_* databases)`);
  }
  const admin = new PgStore({ connectionString: adminUrl, max: 1 });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}
