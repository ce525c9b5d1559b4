import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'housing.cjs');

export interface HousingRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for a child `housing` with the store variables cleared, so tests choose them explicitly. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['DATABASE_URL', 'MSSQL_URL', 'HOUSING_DATA_DIR', 'PORT'])
    if (!(name in extra)) delete env[name];
  // jest sets NODE_ENV=test, which changes library behaviour (Apollo Server ignores termination signals
  // under it): a spawned command must run as a user runs it.
  if (!('NODE_ENV' in extra)) delete env.NODE_ENV;
  return env;
}

/** Run `housing <args>` to completion, as a user would from a shell. */
export function runHousing(
  args: readonly string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
  timeoutMs = 60_000,
): Promise<HousingRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`housing ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running `housing` command (start, uh-sim, db embedded) and a way to wait for its output. */
export interface HousingProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** stdout and stderr interleaved as they came. */
  output(): string;
  /** stderr alone (logs, warnings, errors). */
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /**
   * Send SIGINT (Ctrl-C) and wait for the exit code. Started with `terminal: true`, the signal reaches the
   * whole process group, children included, as Ctrl-C in a terminal does.
   */
  interrupt(timeoutMs?: number): Promise<number | null>;
}

export function spawnHousing(
  args: readonly string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
  options: { terminal?: boolean } = {},
): HousingProcess {
  // A process group of its own, so a signal to the group reaches the command and what it started only.
  const terminal = options.terminal === true;
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: 'pipe', detached: terminal });
  let output = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `timed out waiting for ${pattern} from housing ${args.join(' ')}; output so far:\n${output}`,
            ),
          );
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(
            new Error(`housing ${args.join(' ')} exited before printing ${pattern}; output:\n${output}`),
          );
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('close', onExit);
        };
        listeners.add(check);
        child.once('close', onExit);
        check();
      });
    },
    async interrupt(timeoutMs = 30_000) {
      const signal = (name: NodeJS.Signals) => {
        if (!terminal || child.pid === undefined) return void child.kill(name);
        try {
          process.kill(-child.pid, name);
        } catch {
          // The group is gone already.
        }
      };
      if (child.exitCode === null) signal('SIGINT');
      const timer = setTimeout(() => signal('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
