import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';

/**
 * The data dir holds secrets (runtime.json, jwt-secret, both mode 600) and the stores' files, so it is private
 * to its owner: mode 700. One exception: as root the embedded PostgreSQL runs as the `postgres` user, which
 * must pass through the data dir to reach its own folder (<data dir>/pg, owned by it). Given that user's
 * group (`serverGroup`), the dir becomes group-owned by it with mode 710: its members may enter, not list
 * or read. A dir someone else owns (a shared folder given as --data-dir) is left as it is.
 */
export function prepareDataDir(dataDir: string, serverGroup?: number): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const stat = statSync(dataDir);
  if (process.getuid === undefined || stat.uid !== process.getuid()) return;
  if (serverGroup !== undefined && stat.gid !== serverGroup) chownSync(dataDir, stat.uid, serverGroup);
  const mode = serverGroup === undefined ? 0o700 : 0o710;
  if ((stat.mode & 0o777) !== mode) chmodSync(dataDir, mode);
}
