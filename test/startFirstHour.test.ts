import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { RuntimeInfo } from '../core/runtimeFile';
import { runHousing, spawnHousing, type HousingProcess } from './helpers/runHousing';

/**
 * A newcomer's first hour with `housing start` (issue 14): a data dir made by `mktemp -d` (mode 700) works,
 * also as root; the secrets stay private; a second stack on a taken port is refused before it does any work;
 * `housing status` masks passwords; Ctrl-C stops without a warning.
 */
const START = ['start', '--scale', 'tiny', '--no-backfill', '--no-sync'];
const isRoot = process.getuid?.() === 0;

describe('housing start, as a newcomer runs it', () => {
  // mkdtemp makes the folder mode 700, as `mktemp -d` does; nothing here opens it up.
  const dataDir = mkdtempSync(join(tmpdir(), 'housing-first-hour-'));
  let stack: HousingProcess | undefined;
  let runtime: RuntimeInfo;
  afterAll(async () => {
    await stack?.interrupt();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs on a mode-700 data dir from mktemp -d (as root too), which stays private with its secrets 600', async () => {
    stack = spawnHousing([...START, '--data-dir', dataDir, '--port', '0'], undefined, { terminal: true });
    await stack.waitFor(/Press Ctrl-C to stop/, 180_000);
    runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
    expect(runtime.dataDir).toBe(dataDir);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(join(dataDir, 'runtime.json'))).toBe(0o600);
    expect(mode(join(dataDir, 'jwt-secret'))).toBe(0o600);
    if (isRoot) {
      // The embedded PostgreSQL runs as `postgres`, which may pass through the data dir to its own folder.
      const postgresGid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      expect([mode(dataDir), statSync(dataDir).gid]).toEqual([0o710, postgresGid]);
    } else {
      expect(mode(dataDir)).toBe(0o700);
    }
  }, 200_000);

  it('refuses a second stack on a taken port at once, before seeding anything, and says --port', async () => {
    const port = new URL(runtime.services.gateway ?? '').port;
    const otherDir = mkdtempSync(join(tmpdir(), 'housing-first-hour-other-'));
    try {
      const started = Date.now();
      const second = await runHousing([...START, '--data-dir', otherDir, '--port', port]);
      expect(second.stderr).toBe(
        `housing: port ${port} is in use (something already listens on 127.0.0.1:${port}); ` +
          `pass --port <n> (or stop the other stack)\n`,
      );
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('status masks both database passwords and leaves the secrets out; --show-secrets shows them', async () => {
    const text = await runHousing(['status', '--data-dir', dataDir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/UH\s+mssql:\/\/sa:\*\*\*@127\.0\.0\.1:\d+\//);
    expect(text.stdout).toMatch(/PostgreSQL\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/housing/);
    const json = await runHousing(['status', '--data-dir', dataDir, '--json']);
    expect(json.code).toBe(0);
    const masked = JSON.parse(json.stdout) as RuntimeInfo;
    expect(masked).toEqual({
      ...runtime,
      uh: { ...runtime.uh, url: runtime.uh.url.replace(':uh-simulator@', ':***@') },
      postgres: { ...runtime.postgres, url: runtime.postgres.url.replace(':postgres@', ':***@') },
      jwtSecret: undefined,
      subgraphSecret: undefined,
    });
    for (const secret of [runtime.jwtSecret, runtime.subgraphSecret, ':postgres@', ':uh-simulator@'])
      expect([json.stdout, text.stdout].join('\n')).not.toContain(secret);
    const shown = await runHousing(['status', '--data-dir', dataDir, '--json', '--show-secrets']);
    expect(JSON.parse(shown.stdout)).toEqual(runtime);
    const shownText = await runHousing(['status', '--data-dir', dataDir, '--show-secrets']);
    expect(shownText.stdout).toContain(runtime.postgres.url);
  }, 90_000);

  it('stops cleanly on Ctrl-C, every time: no warning, no stack trace, exit 0', async () => {
    for (let round = 0; round < 4; round++) {
      // Round 0 stops the stack of the tests above (when they ran); the others, as `npm start` runs it:
      // with the backfill and the sync worker both ways.
      if (stack === undefined) {
        stack = spawnHousing(['start', '--scale', 'tiny', '--data-dir', dataDir, '--port', '0'], undefined, {
          terminal: true,
        });
        await stack.waitFor(/Press Ctrl-C to stop/, 120_000);
      }
      const running = stack;
      // Ctrl-C in a terminal reaches the whole process group: the embedded PostgreSQL too.
      expect(await running.interrupt()).toBe(0);
      stack = undefined;
      expect(running.output()).toMatch(/\nstopping \.\.\.\n([^]*\n)?stopped\n$/);
      // The backfill ran in round 1 (the first test started without it); later starts find nothing to copy.
      expect(running.output()).not.toContain('first run only');
      if (round >= 2) expect(running.output()).toContain('backfill: already complete');
      const warnings = running
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^\{.*"level":(10|20|30)\b/.test(line));
      expect(warnings).toEqual([]);
    }
  }, 400_000);
});
