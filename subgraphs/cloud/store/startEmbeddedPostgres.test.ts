import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './startEmbeddedPostgres';

// The embedded default is what a fresh laptop runs on; this starts real PostgreSQL binaries from npm.
describe('embedded PostgreSQL', () => {
  const parent = mkdtempSync(join(tmpdir(), 'housing-embedded-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('initialises a data folder, serves queries on loopback, stops, and reuses its data on the next start', async () => {
    const dataDir = join(parent, 'pg');
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      expect(first.url).toMatch(/^postgres:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/);
      await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir });
    try {
      const rows = await query(second.url, 'SELECT v FROM kept');
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.stop();
    }
  }, 120_000);
});

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text);
    return Array.isArray(result) ? [] : result.rows;
  } finally {
    await client.end();
  }
}
