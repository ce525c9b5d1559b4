/**
 * The README's dashboard screenshots, taken from a running stack in headless Chromium:
 *
 *   npm start                      # or: npx housing start --data-dir <dir>
 *   npm run screenshots            # or: npx tsx test/dashboardScreenshots.ts [--data-dir <dir>] [--out docs]
 *
 * It opens /admin with a migration:admin token signed by the stack's secret and walks repairRequest as a
 * person would: LEGACY -> SHADOW (its gates hold on a started stack), then an advance to CANARY, which the
 * gates refuse until a reconciliation has run, then back to LEGACY. So it leaves the phase as it found it
 * (the history keeps the three changes); it stops without touching anything when repairRequest is not in
 * LEGACY. Writes admin-dashboard.png, admin-refused.png and admin-sync.png. Needs /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRuntime } from '../core/runtimeFile';
import { mintDevelopmentToken } from '../gateway/auth/mintDevelopmentToken';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from './helpers/launchChromium';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

async function main(): Promise<void> {
  const dataDir = resolve(option('--data-dir', process.env.HOUSING_DATA_DIR ?? '.data'));
  const out = resolve(option('--out', 'docs'));
  if (!chromiumInstalled()) throw new Error(`${CHROMIUM_PATH} is absent: apt-get install -y chromium`);
  const runtime = readRuntime(dataDir);
  const gateway = runtime?.services.gateway;
  if (runtime?.jwtSecret === undefined || gateway === undefined)
    throw new Error(`no running stack on ${dataDir} with a development secret: start one (npm start)`);
  const origin = new URL(gateway).origin;
  const token = await mintDevelopmentToken({
    secret: runtime.jwtSecret,
    subject: 'screenshots',
    scopes: ['migration:admin'],
    expiresIn: '10m',
  });
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/admin`);
    await page.fill('#token', token);
    const card = page.locator('#entity-repairRequest');
    await card.waitFor();
    await page.getByTestId('lag-chart').waitFor();
    if ((await card.getByTestId('phase').textContent()) !== 'LEGACY')
      throw new Error('repairRequest is not in LEGACY on this stack: not walking it (nothing was changed)');
    /** Presses a button with a reason; the outcome is the result box's text once it has one. */
    const step = async (button: RegExp, reason: string): Promise<string> => {
      const result = card.getByTestId('result');
      const phase = card.getByTestId('phase');
      const before = await phase.textContent();
      await card.getByLabel('Reason').fill(reason);
      await card.getByRole('button', { name: button }).click();
      await result.filter({ hasText: /^(Moved|Refused)/ }).waitFor({ timeout: 15_000 });
      const outcome = (await result.textContent()) ?? '';
      // The page refreshes right after a move: wait for the card to show the new phase.
      if (outcome.startsWith('Moved'))
        await phase.filter({ hasNotText: before ?? '' }).waitFor({ timeout: 15_000 });
      return outcome;
    };
    try {
      const shadow = await step(/^Advance to SHADOW$/, 'backfill complete, forward sync running');
      if (!shadow.startsWith('Moved')) throw new Error(`the move to SHADOW was refused: ${shadow}`);
      const canary = await step(/^Advance to CANARY/, 'first canary for the repairs team');
      if (!canary.startsWith('Refused'))
        process.stderr.write(`note: the advance to CANARY was permitted on this stack (${canary})\n`);
      await page.screenshot({ path: join(out, 'admin-dashboard.png'), fullPage: true });
      await card.screenshot({ path: join(out, 'admin-refused.png') });
      await page
        .locator('section[aria-labelledby=sync-heading]')
        .screenshot({ path: join(out, 'admin-sync.png') });
    } finally {
      // Back to LEGACY one step at a time, whatever happened above.
      for (let i = 0; i < 3; i += 1) {
        const back = card.getByRole('button', { name: /^Roll back to / });
        if (!(await back.isVisible())) break;
        await step(/^Roll back to /, 'screenshots taken; back where it was');
      }
    }
    process.stdout.write(`wrote admin-dashboard.png, admin-refused.png and admin-sync.png in ${out}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`dashboard screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
