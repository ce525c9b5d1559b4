/**
 * Fault injection for the sync fault tests: `HOUSING_SYNC_CRASH_AT=<point>:<n>[,<point>:<n>...]` makes the
 * process kill itself with SIGKILL the n-th time it reaches that point (no cleanup, no finally blocks, as
 * a power cut or an OOM kill would). The entry point reads the variable once and calls armCrashPoints;
 * everywhere else only calls crashPoint(name), which costs a map lookup when nothing is armed.
 */
const armed = new Map<string, number>();

export function armCrashPoints(spec: ReadonlyMap<string, number>): void {
  armed.clear();
  for (const [point, n] of spec) armed.set(point, n);
}

/** `<point>:<n>[,<point>:<n>...]`, n from 1; a RangeError says what was expected. */
export function parseCrashPoints(spec: string): Map<string, number> {
  const points = new Map<string, number>();
  for (const part of spec.split(',')) {
    const match = /^\s*([\w.-]+):([1-9]\d*)\s*$/.exec(part);
    if (match === null) {
      throw new RangeError(
        `expected <point>:<n>[,<point>:<n>...] with n from 1 (e.g. forward.afterUpsert:3), got "${part}"`,
      );
    }
    points.set(match[1]!, Number(match[2]));
  }
  return points;
}

export function crashPoint(name: string): void {
  const remaining = armed.get(name);
  if (remaining === undefined) return;
  if (remaining > 1) {
    armed.set(name, remaining - 1);
    return;
  }
  process.kill(process.pid, 'SIGKILL');
}
