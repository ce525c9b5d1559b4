import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * One gateway under test, as a child process of the bench: started, waited for until `ready` says so,
 * its CPU time read from /proc/<pid>/stat (utime + stime of the serving process itself, so the command
 * must not fork: every gateway here is started as `node <script>` serving in that one process), and
 * stopped. Every started process is tracked so the bench stops them all on exit and on Ctrl-C.
 */
export interface GatewayLaunch {
  /** Arguments to `node` (a script and its options). */
  readonly nodeArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** True once the gateway serves (polled every 200 ms). */
  readonly ready: (baseUrl: string) => Promise<boolean>;
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const running = new Set<ChildProcess>();

export class GatewayProcess {
  private output = '';
  /** When the process was spawned (performance.now()), to place profile samples in time. */
  readonly spawnedAt = performance.now();

  private constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      // The tail is enough to say why a gateway failed to start or died.
      this.output = (this.output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(
    name: string,
    port: number,
    launch: GatewayLaunch,
    timeoutMs = 60_000,
  ): Promise<GatewayProcess> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      // Each gateway gets only what its launch gives it on top of the basics (no NODE_ENV from npm or jest).
      if (value !== undefined && key !== 'NODE_ENV' && key !== 'NODE_OPTIONS') env[key] = value;
    }
    const child = spawn(process.execPath, [...launch.nodeArgs], {
      cwd: launch.cwd,
      env: { ...env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const gateway = new GatewayProcess(name, `http://127.0.0.1:${port}`, child);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${gateway.output}`,
        );
      if (await launch.ready(gateway.baseUrl).catch(() => false)) return gateway;
      if (Date.now() > deadline) {
        await gateway.stop();
        throw new Error(`${name} was not ready after ${timeoutMs / 1000} s:\n${gateway.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** What the gateway printed last (for error reports). */
  get recentOutput(): string {
    return this.output;
  }

  /** CPU milliseconds (user + system) the gateway process has used so far. */
  cpuMs(): number {
    return processCpuMs(this.pid);
  }

  /** Child processes of the gateway (a gateway that forks workers would be measured wrongly). */
  children(): number[] {
    try {
      return readFileSync(`/proc/${this.pid}/task/${this.pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
  }
}

/** utime + stime of a process from /proc/<pid>/stat, in milliseconds. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the whole line (utime, stime) are the 12th and 13th after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`unexpected /proc/${pid}/stat: ${stat}`);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Stop every gateway still running (the bench's exit and Ctrl-C path). */
export async function stopAllGateways(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

/** Synchronous last resort on process exit: no awaiting possible there. */
export function killAllGatewaysNow(): void {
  for (const child of running) child.kill('SIGKILL');
}
