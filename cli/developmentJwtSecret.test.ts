import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentJwtSecret } from './developmentJwtSecret';

describe('developmentJwtSecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'housing-jwt-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'jwt-secret');

  it('creates a 32-byte secret readable by its owner only, and keeps it across calls', () => {
    const secret = developmentJwtSecret(dir);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(developmentJwtSecret(dir)).toBe(secret);
  });

  it('makes a secret file that other users could read private again (anyone reading it can mint any token)', () => {
    const secret = readFileSync(file, 'utf8').trim();
    chmodSync(file, 0o644);
    expect(developmentJwtSecret(dir)).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
