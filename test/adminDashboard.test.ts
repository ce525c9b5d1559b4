import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PgStore } from '../stores/cloud/PgStore';
import { MigrationStore } from '../migration/store/MigrationStore';
import type { RunningGateway } from '../gateway/startGateway';
import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import {
  adminToken,
  letRepairRequestIntoShadow,
  seedDashboardReadings,
  startAdminGateway,
} from './helpers/adminGateway';
import {
  chromiumInstalled,
  launchChromium,
  CHROMIUM_PATH,
  type ChromiumSession,
} from './helpers/launchChromium';

// The dashboard in headless Chromium against the real gateway and a migration database: a token pasted
// into the page, every entity's phase, a refused advance showing each failing gate, a permitted one
// changing the phase, live updates, no CSP violation and no serious accessibility violation (axe-core).
jest.setTimeout(90_000);

const run = chromiumInstalled() ? describe : describe.skip;
if (!chromiumInstalled())
  describe(`the dashboard in Chromium: skipped, ${CHROMIUM_PATH} is absent (apt-get install -y chromium)`, () => {
    it.skip(`needs ${CHROMIUM_PATH}`, () => undefined);
  });

run('the dashboard in headless Chromium', () => {
  let db: TestDatabase;
  let raw: PgStore;
  let store: MigrationStore;
  let gateway: RunningGateway;
  let browser: ChromiumSession;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    raw = new PgStore({ connectionString: db.url, max: 2 });
    store = new MigrationStore({ connectionString: db.url });
    await seedDashboardReadings(raw);
    gateway = await startAdminGateway(db.url);
    origin = new URL(gateway.url).origin;
    browser = await launchChromium();
    page = await browser.context.newPage();
    // A refused script, style or fetch (CSP) and any script error are failures of the page.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 409/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await store?.close();
    await raw?.close();
    await db?.drop();
  });

  const card = (entity: string) => page.locator(`#entity-${entity}`);

  it('asks for a token, then shows every entity with its phase once one is pasted', async () => {
    await page.goto(`${origin}/admin`);
    await page
      .locator('#status')
      .filter({ hasText: 'Paste a bearer token with scope migration:admin' })
      .waitFor();
    await page.fill('#token', await adminToken(['migration:admin'], 'dashboard-user'));
    await page.locator('#entity-repairRequest').waitFor();
    expect(await page.locator('article.entity h3').allTextContents()).toEqual([
      'property',
      'tenancy',
      'person',
      'repairRequest',
    ]);
    expect(await page.locator('article.entity [data-testid=phase]').allTextContents()).toEqual([
      'LEGACY',
      'LEGACY',
      'LEGACY',
      'LEGACY',
    ]);
  });

  it('shows the gates of each next step, the sync figures, the lag chart, mismatches, reconciliation and the Property Index', async () => {
    const gates = card('repairRequest').locator('.gates');
    expect(await gates.locator('h4').textContent()).toBe('Gates for LEGACY → SHADOW: 2 failing');
    expect(await gates.locator('tbody tr').allInnerTexts()).toEqual([
      'backfill complete\trepairRequest notStarted\tevery table of the entity backfilled (housing sync backfill)\t✘ fail',
      'forward sync running\tnot running\ta live forward worker (housing sync run, or housing start)\t✘ fail',
    ]);
    expect(await page.getByTestId('outbox-depth').textContent()).toMatch(/^1 \(oldest \d+(\.\d)? s\)$/);
    expect(await page.getByTestId('dead-letters').textContent()).toBe('1');
    expect(await page.getByTestId('conflicts').textContent()).toBe('1');
    const chart = page.getByTestId('lag-chart');
    expect(await chart.locator('polyline').count()).toBe(2);
    expect(await chart.locator('title').textContent()).toMatch(
      /^Sync lag over the last 60 minutes\. Forward \(UH to cloud\): worst \d\.\d s, latest \d\.\d s\. Reverse/,
    );
    expect((await page.locator('#shadow tbody tr td').allTextContents()).slice(1)).toEqual([
      'property',
      'PropertyPage',
      'property.address.postcode',
      '"E8 1AA"',
      '"E8 1AB"',
    ]);
    expect(await page.locator('#reconcile tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^property\tdone\t.+\t785\t784\t1\t0$/),
    ]);
    expect(await page.locator('#property-index tbody tr').first().innerText()).toBe(
      'All\t785\t784\t760\t742',
    );
  });

  it('shows why a refused advance was refused, each failing gate with its reading, and changes nothing', async () => {
    await card('repairRequest').getByLabel('Reason').fill('start shadow reads');
    await card('repairRequest').getByRole('button', { name: 'Advance to SHADOW' }).click();
    const result = card('repairRequest').getByTestId('result');
    await result.filter({ hasText: 'Refused' }).waitFor();
    expect(await result.locator('p').allTextContents()).toEqual([
      'Refused (MIGRATION_GATE_FAILED)',
      'repairRequest cannot move LEGACY -> SHADOW: 2 gate(s) failed',
    ]);
    expect(await result.locator('li').allTextContents()).toEqual([
      'backfill complete: repairRequest notStarted (expected every table of the entity backfilled (housing sync backfill))',
      'forward sync running: not running (expected a live forward worker (housing sync run, or housing start))',
    ]);
    expect((await store.readPhases()).find((p) => p.entity === 'repairRequest')?.phase).toBe('LEGACY');
  });

  it('moves the entity when its gates hold, recorded as the token subject, and the page follows', async () => {
    await letRepairRequestIntoShadow(raw);
    await card('repairRequest').getByRole('button', { name: 'Advance to SHADOW' }).click();
    const result = card('repairRequest').getByTestId('result');
    await result.filter({ hasText: 'Moved repairRequest from LEGACY to SHADOW.' }).waitFor();
    await card('repairRequest').getByTestId('phase').filter({ hasText: 'SHADOW' }).waitFor();
    const [change] = await store.history('repairRequest', 1);
    expect(change).toMatchObject({
      fromPhase: 'LEGACY',
      toPhase: 'SHADOW',
      changedBy: 'dashboard-user',
      reason: 'start shadow reads',
    });
    expect(await card('repairRequest').getByRole('button', { name: 'Roll back to LEGACY' }).isVisible()).toBe(
      true,
    );
    expect(await page.locator('#history tbody tr').first().innerText()).toMatch(
      /\trepairRequest\tLEGACY → SHADOW\tdashboard-user\tstart shadow reads\theld$/,
    );
  });

  it('updates live: a change made elsewhere shows within a poll, and the token survives a reload', async () => {
    await store.setPhase({
      entity: 'property',
      phase: 'CANARY',
      percent: 20,
      reason: 'from the CLI',
      changedBy: 'carol',
      overrideGates: true,
    });
    await card('property')
      .getByTestId('phase')
      .filter({ hasText: 'CANARY 20%' })
      .waitFor({ timeout: 12_000 });
    await page.reload();
    await card('property').getByTestId('phase').filter({ hasText: 'CANARY 20%' }).waitFor();
  });

  it('has no serious or critical accessibility violation (axe-core) and no CSP violation or script error', async () => {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    // A string, evaluated in the page: the tests are typed without the DOM's globals.
    const results = await page.evaluate<{ violations: any[]; passes: any[] }>('axe.run()');
    expect(results.passes.length).toBeGreaterThan(10);
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
    expect(problems).toEqual([]);
  });
});
