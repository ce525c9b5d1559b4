import sql from 'mssql';
import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { tediousNoDelay } from '../../core/tediousNoDelay';
import { seedMssql } from './seedMssql';
import type { SeedManifest } from './SeedManifest';
import { UhUnreachableError } from './seedErrors';

/**
 * `housing uh-seed --url`: load the synthetic dataset into a SQL Server (a real one, or the simulator)
 * through the mssql driver. Owns its pool for the duration of the load.
 */
export async function seedUhOverWire(
  config: MssqlConnectionConfig,
  scale: 'tiny' | 'small' | 'large',
  options: { createSchema: boolean; ifEmpty?: boolean; onProgress?: (line: string) => void },
): Promise<SeedManifest | 'already-seeded'> {
  const pool = new sql.ConnectionPool({
    ...config,
    options: { ...config.options },
    pool: { max: 4 },
    beforeConnect: tediousNoDelay,
    requestTimeout: 120_000,
  });
  await pool.connect().catch((error: unknown) => {
    throw new UhUnreachableError(`${config.server}:${config.port}`, { cause: error });
  });
  try {
    let createSchema = options.createSchema;
    if (options.ifEmpty) {
      const state = await uhState(pool);
      if (state === 'has-data') return 'already-seeded';
      createSchema = state === 'no-schema';
    }
    return await seedMssql(pool, scale, { createSchema, onProgress: options.onProgress });
  } finally {
    await pool.close();
  }
}

/** Invalid object name: the UH tables are not there yet. */
const SQL_INVALID_OBJECT = 208;

async function uhState(pool: sql.ConnectionPool): Promise<'no-schema' | 'empty' | 'has-data'> {
  try {
    const result = await pool.request().query('SELECT TOP (1) prop_ref FROM dbo.property');
    return result.recordset.length > 0 ? 'has-data' : 'empty';
  } catch (error) {
    if (error instanceof sql.RequestError && error.number === SQL_INVALID_OBJECT) return 'no-schema';
    throw error;
  }
}
