import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRuntime, removeRuntime, runtimeFilePath, writeRuntime, type RuntimeInfo } from './runtimeFile';

describe('runtime.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'housing-runtime-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const info = (pid: number): RuntimeInfo => ({
    pid,
    startedAt: '2026-11-27T00:00:00.000Z',
    dataDir: dir,
    uh: { url: 'mssql://sa:x@127.0.0.1:1/uhtlive?encrypt=false', port: 1 },
    postgres: { url: 'postgres://127.0.0.1:2/housing', embedded: true },
    services: {},
  });

  it('is read back while its process lives', () => {
    writeRuntime(info(process.pid));
    expect(readRuntime(dir)).toEqual(info(process.pid));
  });

  it('is readable by its owner only (mode 600): it holds the JWT signing secret and the subgraph secret', () => {
    writeRuntime({ ...info(process.pid), jwtSecret: 'j'.repeat(43), subgraphSecret: 's'.repeat(32) });
    expect(statSync(runtimeFilePath(dir)).mode & 0o777).toBe(0o600);
    // A file left readable by an older version is replaced by a private one, not rewritten in place.
    chmodSync(runtimeFilePath(dir), 0o644);
    writeRuntime(info(process.pid));
    expect(statSync(runtimeFilePath(dir)).mode & 0o777).toBe(0o600);
  });

  it('is ignored when its process is gone (a crashed stack) or the file is garbage', () => {
    writeRuntime(info(2 ** 22 + 12345));
    expect(readRuntime(dir)).toBeUndefined();
    writeFileSync(runtimeFilePath(dir), '{ not json');
    expect(readRuntime(dir)).toBeUndefined();
  });

  it('is removed only by the process that wrote it', () => {
    writeRuntime(info(process.pid));
    removeRuntime(dir, process.pid + 1);
    expect(readRuntime(dir)).toBeDefined();
    removeRuntime(dir);
    expect(readRuntime(dir)).toBeUndefined();
  });
});
