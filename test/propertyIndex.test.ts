import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackfillHarness, type BackfillHarness } from '../sync/backfill/test/backfillHarness';
import { runBackfill } from '../sync/backfill/runBackfill';
import type { PgStore } from '../stores/cloud/PgStore';
import { generateLlpgExtract } from '../sync/llpg/generateLlpgExtract';
import { writeLlpgExtract } from '../sync/llpg/writeLlpgExtract';
import { generateAssetRegister } from '../sync/propertyIndex/generateAssetRegister';
import { PROPERTY_INDEX_CATEGORIES } from '../sync/propertyIndex/PropertyIndexCategory';
import type { PropertyIndex } from '../sync/propertyIndex/PropertyIndex';
import { cleanEnv, runHousing } from './helpers/runHousing';

/**
 * The Property Index over a tiny-seeded UH, its backfilled cloud copy, the synthetic LLPG and the
 * synthetic asset register, through the CLI as a user runs it: every disagreement the register's manifest
 * lists (planted in the register, the UH seed or the LLPG) is reported in its category; the loader keeps
 * bad rows with reasons; each output format; bad input.
 */
describe('housing asset-register and housing property-index', () => {
  let h: BackfillHarness;
  let pg: PgStore;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const manifest = generateAssetRegister('tiny').manifest;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'housing-property-index-'));
    h = await startBackfillHarness();
    const db = await h.database();
    pg = db.store;
    await runBackfill({ uh: h.uh, cloudUrl: db.url });
    env = cleanEnv({ DATABASE_URL: db.url, MSSQL_URL: h.simulator.url });
    const llpg = writeLlpgExtract(generateLlpgExtract('tiny'), path.join(dir, 'llpg'));
    const loaded = await runHousing(
      ['llpg', 'load', '--addresses', llpg.addresses, '--xrefs', llpg.crossReferences],
      env,
    );
    expect(loaded.code).toBe(0);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('generate writes the register and its manifest; load keeps every bad row with its reason', async () => {
    const out = path.join(dir, 'register');
    const generated = await runHousing(['asset-register', 'generate', '--scale', 'tiny', '--out', out], env);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^wrote .*asset-register\.csv \(\d+ rows\), .*manifest\.json\n$/);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);
    const loaded = await runHousing(['asset-register', 'load', path.join(out, 'asset-register.csv')], env);
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain(
      `${manifest.counts.rows} rows, ${manifest.counts.assets} assets loaded (replacing 0), ${manifest.invalidRows.length} rejected`,
    );
    const { rows } = await pg.query<{ source_key: string; reason: string }>(
      `SELECT source_key, reason FROM sync.reject WHERE job = 'assetRegister' ORDER BY id`,
    );
    expect(rows.map((r) => ({ key: r.source_key, reason: r.reason }))).toEqual(manifest.invalidRows);
    // Loading again replaces the register (and its rejects) with the same content.
    const again = await runHousing(['asset-register', 'load', path.join(out, 'asset-register.csv')], env);
    expect(again.stdout).toContain(`(replacing ${manifest.counts.assets})`);
  });

  const index = async (): Promise<PropertyIndex> => {
    const run = await runHousing(['property-index', '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as PropertyIndex;
  };

  it('reports every planted disagreement in its category', async () => {
    const { disagreements } = await index();
    const found = (category: string) =>
      disagreements.filter((d) => d.category === category).map((d) => d.propRef);
    for (const category of PROPERTY_INDEX_CATEGORIES) {
      const planted = manifest.disagreements[category].map((d) => d.propRef);
      expect(planted.length).toBeGreaterThan(0);
      expect([category, found(category)]).toEqual([category, expect.arrayContaining(planted)]);
    }
    // The register's own plants are the only disagreements of their kinds.
    for (const category of [
      'dwelling-missing-from-register',
      'temporary-accommodation-uh-only',
      'block-disabled-in-register',
      'disposed-still-live',
      'register-asset-not-in-uh',
    ] as const)
      expect([category, found(category).sort()]).toEqual([
        category,
        manifest.disagreements[category].map((d) => d.propRef).sort(),
      ]);
  });

  it('counts by level across UH, the cloud, the LLPG and the register, and by property type', async () => {
    const result = await index();
    const uhRows = await h.uhQuery<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.property');
    expect(result.totals).toEqual({
      uh: uhRows[0]?.n,
      cloud: (uhRows[0]?.n ?? 0) - 1,
      llpg: expect.any(Number),
      register: manifest.counts.assets,
    });
    const dwellings = result.byLevel.find((row) => row.label === 'DWELLING')?.counts;
    expect(dwellings?.uh).toBe(dwellings?.cloud);
    expect(dwellings?.register).toBe(
      (dwellings?.uh ?? 0) -
        manifest.disagreements['temporary-accommodation-uh-only'].length -
        manifest.disagreements['dwelling-missing-from-register'].length,
    );
    expect(result.byType.find((row) => row.label === 'Dwelling')?.counts).toMatchObject({
      cloud: null,
      llpg: null,
    });
  });

  it("keeps each run's headline in the cloud database, for the dashboard", async () => {
    const result = await index();
    const { rows } = await pg.query<{
      generated_at: Date;
      totals: unknown;
      by_level: unknown;
      disagreements: unknown;
    }>(
      'SELECT generated_at, totals, by_level, disagreements FROM sync.property_index_run ORDER BY id DESC LIMIT 1',
    );
    expect(rows[0]).toEqual({
      generated_at: new Date(result.generatedAt),
      totals: result.totals,
      by_level: result.byLevel,
      disagreements: Object.fromEntries(
        PROPERTY_INDEX_CATEGORIES.map((category) => [
          category,
          result.disagreements.filter((d) => d.category === category).length,
        ]),
      ),
    });
  });

  it('the table, the CSV and the HTML page', async () => {
    const table = await runHousing(['property-index'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^Property Index, .*: UH \d+ properties, cloud \d+, LLPG \d+ current UPRNs, asset register \d+ assets\n/,
    );
    expect(table.stdout).toMatch(/^level +UH +cloud +LLPG +register$/m);
    expect(table.stdout).toContain('Temporary accommodation in UH only: 2 (expected)\n');
    const csv = await runHousing(['property-index', '--csv'], env);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('category,explanation,prop_ref,level,address,uh,register,llpg,detail');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^block-disabled-in-register,Blocks disabled in the register but live in UH,\d{8},BLOCK,/,
      ),
    );
    const file = path.join(dir, 'index.html');
    const html = await runHousing(['property-index', '--html', file], env);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^wrote .*index\.html \(\d+ disagreement\(s\)\)\n$/);
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|https?:\/\//);
    // Totals come before the categories, and each category says how many and lists its rows.
    expect(page.indexOf('class="totals"')).toBeLessThan(page.indexOf('<section'));
    expect(page).toMatch(
      /<h2>Blocks disabled in the register but live in UH <span class="count">1<\/span><\/h2>/,
    );
  });

  it('bad input: a register file missing columns or unreadable exits 2 saying what was expected, and loads nothing', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'asset_id,prop_ref\nCM1,00010001\n');
    const run = await runHousing(['asset-register', 'load', bad], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^housing: .*bad\.csv: expected a header row naming the columns asset_id, prop_ref, uprn, level, asset_type, parent_prop_ref, status, status_date, address, postcode; missing uprn, level, asset_type, parent_prop_ref, status, status_date, address, postcode/,
    );
    const missing = await runHousing(['asset-register', 'load', path.join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/expected a CSV file, but there is no file at .*nope\.csv/);
    const both = await runHousing(['property-index', '--csv', '--json'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('housing: choose one of --json, --csv and --html <file>\n');
    const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM housing.asset_register');
    expect(rows[0]?.n).toBe(manifest.counts.assets);
  });
});
