import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgStore } from '../stores/cloud/PgStore';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import { cleanEnv, runHousing } from './helpers/runHousing';

// `housing llpg generate` and `housing llpg load` as a user runs them.
describe('housing llpg (CLI)', () => {
  let dir: string;
  let db: TestDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'housing-llpg-'));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('generate then load (twice): the second load changes nothing', async () => {
    const out = path.join(dir, 'tiny');
    const generated = await runHousing(['llpg', 'generate', '--scale', 'tiny', '--out', out]);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(
      /^wrote .*addresses\.csv \(48 rows\), .*cross-references\.csv \(8 rows\), .*manifest\.json\n$/,
    );
    const args = [
      'llpg',
      'load',
      '--addresses',
      path.join(out, 'addresses.csv'),
      '--xrefs',
      path.join(out, 'cross-references.csv'),
    ];
    const env = cleanEnv({ DATABASE_URL: db.url });
    const loaded = await runHousing(args, env);
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/^address\s+48\s+44\s+44\s+0\s+0\s+4\s+0$/m);
    expect(loaded.stdout).toMatch(/^crossReference\s+8\s+6\s+6\s+0\s+0\s+2\s+0$/m);
    expect(loaded.stdout).toContain('rejected address: missing lpi_key: 1\n');
    expect(loaded.stdout).toContain('rejected crossReference: invalid UH property reference: 1\n');
    const again = await runHousing(args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^address\s+48\s+44\s+0\s+0\s+44\s+4\s+0$/m);
    const store = new PgStore({ connectionString: db.url, max: 1 });
    try {
      const { rows } = await store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sync.reject WHERE job = 'llpg'`,
      );
      expect(rows).toEqual([{ n: 6 }]);
    } finally {
      await store.close();
    }
  });

  it('generate writes the same files on every run', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    expect((await runHousing(['llpg', 'generate', '--scale', 'tiny', '--out', a])).code).toBe(0);
    expect((await runHousing(['llpg', 'generate', '--scale', 'tiny', '--out', b])).code).toBe(0);
    for (const file of ['addresses.csv', 'cross-references.csv', 'manifest.json'])
      expect(readFileSync(path.join(a, file), 'utf8')).toBe(readFileSync(path.join(b, file), 'utf8'));
  });

  describe('bad input exits 2 saying what was expected, before touching the database', () => {
    const env = cleanEnv({ DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });

    it('--addresses naming no file', async () => {
      const missing = path.join(dir, 'nope.csv');
      const run = await runHousing(['llpg', 'load', '--addresses', missing], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `housing: --addresses: expected a CSV file, but there is no file at ${missing}\n`,
      );
    });

    it('a CSV with a wrong header', async () => {
      const file = path.join(dir, 'wrong.csv');
      writeFileSync(file, 'lpi_key,uprn,status\n5360L1,100021022917,Approved Preferred\n');
      const run = await runHousing(['llpg', 'load', '--addresses', file], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `housing: ${file}: expected a header row naming the columns lpi_key, uprn, parent_uprn, usrn, lpi_logical_status, blpu_class, property_shell, sao_text, pao_text, building_number, street_description, locality, town, postcode, lpi_start_date, lpi_end_date; missing parent_uprn, usrn, lpi_logical_status, blpu_class, property_shell, sao_text, pao_text, building_number, street_description, locality, town, postcode, lpi_start_date, lpi_end_date (the header was: lpi_key, uprn, status)\n`,
      );
    });

    it('no --addresses, or an unknown --scale', async () => {
      const load = await runHousing(['llpg', 'load'], env);
      expect(load.code).toBe(2);
      expect(load.stderr).toContain("required option '--addresses <file.csv>' not specified");
      const generate = await runHousing(['llpg', 'generate', '--scale', 'huge', '--out', dir], env);
      expect(generate.code).toBe(2);
      expect(generate.stderr).toContain('expected one of tiny, small, large, got "huge"');
    });
  });
});
