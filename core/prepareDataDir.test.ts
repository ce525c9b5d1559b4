import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDataDir } from './prepareDataDir';

describe('prepareDataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'housing-data-dir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const modeOf = (dir: string) => statSync(dir).mode & 0o777;

  it('creates the data dir (and its parents) private to its owner: it holds the secrets', () => {
    const dir = join(root, 'new', '.data');
    prepareDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('makes an existing data dir that others can read private', () => {
    const dir = join(root, 'open');
    mkdirSync(dir, { mode: 0o755 });
    prepareDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('as root, lets the embedded server group pass through (710), nothing more', () => {
    const dir = join(root, 'root-owned');
    mkdirSync(dir, { mode: 0o700 });
    prepareDataDir(dir, 4242);
    expect([modeOf(dir), statSync(dir).gid]).toEqual([0o710, 4242]);
    prepareDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });
});
