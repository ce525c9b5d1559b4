import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `housing start` writes what it started (URLs, ports, pid) to <data dir>/runtime.json, so any other
 * `housing` command given the same data dir reaches the same running stores. A file whose pid is gone
 * is stale (the stack crashed or was killed) and is ignored.
 */
export interface RuntimeInfo {
  readonly pid: number;
  readonly startedAt: string;
  readonly dataDir: string;
  readonly uh: { readonly url: string; readonly port: number; readonly file?: string };
  readonly postgres: { readonly url: string; readonly embedded: boolean; readonly port?: number };
  /** Other HTTP services of the stack by name (gateway, subgraphs, explorer), as they come. */
  readonly services: Readonly<Record<string, string>>;
  /** The stack's development JWT secret (housing token signs with it; kept in <data dir>/jwt-secret). */
  readonly jwtSecret?: string;
  /** The secret the stack's gateway and subgraphs share (new on every start). */
  readonly subgraphSecret?: string;
}

const FILE_NAME = 'runtime.json';

export function runtimeFilePath(dataDir: string): string {
  return join(dataDir, FILE_NAME);
}

export function readRuntime(dataDir: string): RuntimeInfo | undefined {
  let text: string;
  try {
    text = readFileSync(runtimeFilePath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  let info: RuntimeInfo;
  try {
    info = JSON.parse(text) as RuntimeInfo;
  } catch {
    return undefined;
  }
  return typeof info.pid === 'number' && isAlive(info.pid) ? info : undefined;
}

export function writeRuntime(info: RuntimeInfo): void {
  mkdirSync(info.dataDir, { recursive: true, mode: 0o700 });
  // Write then rename, so a reader never sees half a file. The file holds the JWT signing secret and the
  // subgraph secret: mode 600, set when the temp file is created (flag 'wx': never an old file's mode).
  const target = runtimeFilePath(info.dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, target);
}

export function removeRuntime(dataDir: string, pid = process.pid): void {
  const current = readRuntimeRaw(dataDir);
  if (current === undefined || current.pid === pid) rmSync(runtimeFilePath(dataDir), { force: true });
}

function readRuntimeRaw(dataDir: string): RuntimeInfo | undefined {
  try {
    return JSON.parse(readFileSync(runtimeFilePath(dataDir), 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
