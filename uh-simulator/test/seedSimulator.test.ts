import sql from 'mssql';
import { generateUhSeed } from '../seed/generateUhSeed';
import type { FaultRecord, SeedManifest } from '../seed/SeedManifest';
import { seedMssql } from '../seed/seedMssql';
import { uhTableOrder } from '../seed/uhSeedTables';
import { startUhSimulator, type UhSimulatorHandle } from '../startUhSimulator';

/**
 * The seed as clients see it: loaded into the UH simulator (bulk path, and over the wire with
 * seedMssql), then every manifest fault looked up THROUGH mssql by its key, with the value exactly
 * as SQL Server hands it back (padding, 1900-01-01, bits).
 */

const expected = generateUhSeed('tiny').manifest;

function connect(sim: UhSimulatorHandle): Promise<sql.ConnectionPool> {
  return new sql.ConnectionPool({
    server: '127.0.0.1',
    port: sim.port,
    user: 'sa',
    password: 'x',
    database: 'uhtlive',
    options: { encrypt: false, trustServerCertificate: true },
    pool: { max: 2 },
  }).connect();
}

/** A value as the manifest writes it: dates 'YYYY-MM-DD HH:MM:SS.000' (mssql gives UTC Dates), the rest as is. */
function manifestForm(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return value;
}

async function rowsByKey(pool: sql.ConnectionPool, record: FaultRecord): Promise<Record<string, unknown>[]> {
  const request = pool.request();
  const where = Object.entries(record.key).map(([column, value], i) => {
    request.input(`k${i}`, typeof value === 'number' ? sql.Int : sql.VarChar(50), value);
    return `${column} = @k${i}`;
  });
  const result = await request.query<Record<string, unknown>>(
    `SELECT * FROM dbo.${record.table} WITH (NOLOCK) WHERE ${where.join(' AND ')}`,
  );
  return result.recordset;
}

async function expectCounts(pool: sql.ConnectionPool, manifest: SeedManifest): Promise<void> {
  for (const table of uhTableOrder) {
    const result = await pool.request().query<{ n: number }>(`SELECT COUNT(*) AS n FROM dbo.${table}`);
    expect([table, result.recordset[0]?.n]).toEqual([table, manifest.counts[table]]);
  }
}

/** Every record of every fault kind: its row exists, and its column comes back exactly as recorded. */
async function expectFaults(pool: sql.ConnectionPool, manifest: SeedManifest): Promise<void> {
  for (const [kind, entry] of Object.entries(manifest.faults)) {
    for (const record of entry.records) {
      const rows = await rowsByKey(pool, record);
      expect([kind, record.key, rows.length > 0]).toEqual([kind, record.key, true]);
      if (record.column === undefined || record.value === undefined) continue;
      const column = record.column;
      const actual = rows.map((row) => manifestForm(row[column]));
      const wanted = typeof actual[0] === 'number' ? Number(record.value) : record.value;
      expect([kind, record.key, column, actual]).toEqual([kind, record.key, column, rows.map(() => wanted)]);
    }
  }
}

/** What a client of UH sees in specific places, asserted on whichever path loaded the seed. */
function readsBackLikeUh(getPool: () => sql.ConnectionPool): void {
  it('returns a terminated tenancy with eot 1900-01-01', async () => {
    const [record] = expected.faults['terminated-without-eot']?.records ?? [];
    const result = await getPool()
      .request()
      .input('tag', sql.VarChar(11), record?.key.tag_ref)
      .query<{ eot: Date; terminated: boolean }>(
        'SELECT eot, terminated FROM dbo.tenagree WHERE tag_ref = @tag',
      );
    expect(result.recordset.map((r) => [r.eot.toISOString(), r.terminated])).toEqual([
      ['1900-01-01T00:00:00.000Z', true],
    ]);
  });

  it('returns refs padded, and leading spaces kept', async () => {
    const [padded] = expected.faults['padded-refs']?.records ?? [];
    const result = await getPool()
      .request()
      .input('ref', sql.VarChar(12), padded?.key.prop_ref)
      .query<{ prop_ref: string; n: number }>(
        'SELECT prop_ref, LEN(prop_ref) AS n FROM dbo.property WHERE prop_ref = @ref',
      );
    expect(result.recordset).toEqual([{ prop_ref: `${String(padded?.key.prop_ref)}    `, n: 8 }]);
    const [leading] = (expected.faults['leading-space-ref']?.records ?? []).filter(
      (r) => r.table === 'tenagree',
    );
    const join = await getPool()
      .request()
      .input('tag', sql.VarChar(11), leading?.key.tag_ref)
      .query<{ plain: number; trimmed: number }>(
        `SELECT (SELECT COUNT(*) FROM dbo.tenagree t JOIN dbo.property p ON p.prop_ref = t.prop_ref WHERE t.tag_ref = @tag) AS plain,
              (SELECT COUNT(*) FROM dbo.tenagree t JOIN dbo.property p ON p.prop_ref = LTRIM(t.prop_ref) WHERE t.tag_ref = @tag) AS trimmed`,
      );
    expect(join.recordset).toEqual([{ plain: 0, trimmed: 1 }]);
  });

  it('has two dwellings sharing a UPRN', async () => {
    const shared = await getPool()
      .request()
      .query<{ uprn: string; n: number }>(
        `SELECT RTRIM(u_llpg_ref) AS uprn, COUNT(*) AS n FROM dbo.property WHERE level_code = '7' AND u_llpg_ref <> ''
       GROUP BY u_llpg_ref HAVING COUNT(*) > 1`,
      );
    const sharedValues = new Set(
      (expected.faults['uprn-shared']?.records ?? []).map((r) => String(r.value).trim()),
    );
    expect(shared.recordset.filter((r) => sharedValues.has(r.uprn)).map((r) => r.n)).toEqual(
      [...sharedValues].map(() => 2),
    );
  });
}

describe('seedMssql over the wire into the simulator', () => {
  let sim: UhSimulatorHandle;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    sim = await startUhSimulator({ port: 0 });
    pool = await connect(sim);
  });
  afterAll(async () => {
    await pool?.close();
    await sim?.close();
  });

  it('creates the schema statement by statement and loads tiny in parameterized batches', async () => {
    // The simulator creates the UH schema itself; drop it so createSchema runs the real DDL path.
    for (const table of [...uhTableOrder].reverse()) await pool.request().batch(`DROP TABLE dbo.${table}`);
    const progress: string[] = [];
    const manifest = await seedMssql(pool, 'tiny', {
      createSchema: true,
      onProgress: (line) => progress.push(line),
    });
    expect(manifest).toEqual(expected);
    expect(progress).toEqual([
      'schema created',
      ...uhTableOrder.map((t) => `${t}: ${expected.counts[t]} rows`),
    ]);
    await expectCounts(pool, manifest);
  });

  it('has every manifest fault where the manifest says, with the value as stored', async () => {
    await expectFaults(pool, expected);
  });

  readsBackLikeUh(() => pool);

  it('rolls a table back whole when a row is rejected (here: the tables already hold the seed)', async () => {
    await expect(seedMssql(pool, 'tiny', { createSchema: false })).rejects.toThrow(
      'seedMssql: loading dbo.lulevel failed after 0 rows',
    );
    const result = await pool.request().query<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.lulevel');
    expect(result.recordset[0]?.n).toBe(8);
  });
});

describe('the tiny seed in the simulator (bulk path), read through mssql', () => {
  let sim: UhSimulatorHandle;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    sim = await startUhSimulator({ port: 0, seed: 'tiny' });
    pool = await connect(sim);
  });
  afterAll(async () => {
    await pool?.close();
    await sim?.close();
  });

  it('holds the manifest row counts', async () => {
    await expectCounts(pool, expected);
  });

  it('has every manifest fault where the manifest says, with the value as stored', async () => {
    await expectFaults(pool, expected);
  });

  readsBackLikeUh(() => pool);
});
