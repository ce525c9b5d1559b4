import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import pg from 'pg';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import type { RuntimeInfo } from '../core/runtimeFile';
import { runHousing, spawnHousing } from './helpers/runHousing';

// `npm start` as a newcomer runs it: embedded PostgreSQL, the UH simulator, the seed, on a fresh data dir.
describe('housing start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'housing-start-'));
  // As root the server runs as `postgres`, which must be able to enter the data dir (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the stores on embedded defaults, tells other commands where, stops on Ctrl-C and reuses its data', async () => {
    const first = spawnHousing(['start', '--data-dir', dataDir, '--scale', 'tiny']);
    let propertyCount: number;
    try {
      await first.waitFor(/Press Ctrl-C to stop/, 180_000);
      expect(first.output()).toMatch(
        /UH \(SQL Server wire\)\s+mssql:\/\/sa:\*\*\*@127\.0\.0\.1:\d+\/uhtlive\S*\s+\[simulator\]/,
      );
      expect(first.output()).toMatch(
        /PostgreSQL\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/housing\s+\[embedded\]/,
      );

      const status = await runHousing(['status', '--data-dir', dataDir, '--json']);
      expect(status.code).toBe(0);
      const runtime = JSON.parse(status.stdout) as RuntimeInfo;
      expect(runtime.dataDir).toBe(dataDir);
      propertyCount = await countProperties(runtime.uh.url);
      expect(propertyCount).toBeGreaterThan(10);
      expect(await migrationsApplied(runtime.postgres.url)).toBeGreaterThan(0);
      const legacy = runtime.services['legacy subgraph'];
      expect(first.output()).toContain(`legacy subgraph       ${legacy}`);
      expect(await graphql(legacy ?? '', '{ property(reference: "10009") { reference level } }')).toEqual({
        data: { property: { reference: '00010009', level: 'DWELLING' } },
      });
      // The first start backfilled the cloud store: the cloud subgraph answers the same.
      expect(first.output()).toMatch(/backfill: \d+ UH rows in/);
      const cloud = runtime.services['cloud subgraph'];
      expect(await graphql(cloud ?? '', '{ property(reference: "10009") { reference level } }')).toEqual({
        data: { property: { reference: '00010009', level: 'DWELLING' } },
      });
      // ... and the synthetic LLPG matching the seed was loaded: the cloud-only address answers.
      expect(first.output()).toMatch(/LLPG: \d+ synthetic gazetteer rows loaded/);
      const llpg = (await graphql(
        cloud ?? '',
        '{ property(reference: "10009") { uprn llpgAddress { uprn lines } } }',
      )) as any;
      expect(llpg.data.property.llpgAddress.uprn).toBe(llpg.data.property.uprn);

      // Other commands given the same data dir reach the same stores.
      const migrate = await runHousing(['db', 'migrate', '--data-dir', dataDir]);
      expect(migrate.stdout).toMatch(/up to date \(\d+ migrations\)/);

      const again = await runHousing(['start', '--data-dir', dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`a stack is already running on ${dataDir} (pid ${runtime.pid})`);
    } finally {
      expect(await first.interrupt()).toBe(0);
    }
    expect(first.output()).toContain('stopped');
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);

    const second = spawnHousing(['start', '--data-dir', dataDir, '--scale', 'tiny']);
    try {
      await second.waitFor(/Press Ctrl-C to stop/, 120_000);
      expect(second.output()).not.toContain('applied migrations');
      expect(second.output()).not.toMatch(/backfill: \d+ UH rows/);
      expect(second.output()).not.toContain('LLPG:');
      const runtime = JSON.parse(
        (await runHousing(['status', '--data-dir', dataDir, '--json'])).stdout,
      ) as RuntimeInfo;
      expect(await countProperties(runtime.uh.url)).toBe(propertyCount);
    } finally {
      expect(await second.interrupt()).toBe(0);
    }
  }, 300_000);
});

async function countProperties(url: string): Promise<number> {
  const pool = new sql.ConnectionPool({
    ...parseMssqlUrl('uh', url),
    options: { encrypt: false, trustServerCertificate: true },
  });
  await pool.connect();
  try {
    const result = await pool
      .request()
      .query<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.property WITH (NOLOCK)');
    return result.recordset[0]?.n ?? 0;
  } finally {
    await pool.close();
  }
}

async function migrationsApplied(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM housing_meta.schema_migration',
    );
    return result.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

async function graphql(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return response.json();
}
