import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Where a gateway's CPU went: the V8 profiles (`node --cpu-prof`) in a directory, self time summed per
 * function (name and source location) over the samples taken while cells were measured (start-up,
 * recording and warm-up left out), largest first, as table rows.
 */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds since a process was spawned; only samples inside these windows are counted. */
export interface ProfileWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export function summariseCpuProfiles(
  dir: string,
  top: number,
  windowsByPid: ReadonlyMap<number, readonly ProfileWindow[]> = new Map(),
): string[][] {
  const selfMicros = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    // node names its profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; V8 starts profiling at
    // bootstrap, a few milliseconds after spawn, close enough to keep start-up out of a measured window.
    const windows = windowsByPid.get(Number(file.split('.')[3]));
    // Profiles of other runs in the same directory are not this run's.
    if (windowsByPid.size > 0 && !windows) continue;
    let atMicros = 0;
    const names = new Map<number, string>();
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
      names.set(node.id, `${functionName || '(anonymous)'}\t${where}`);
    }
    profile.samples.forEach((id, i) => {
      const micros = profile.timeDeltas[i] ?? 0;
      atMicros += micros;
      const atMs = atMicros / 1000;
      if (windows && !windows.some((window) => atMs >= window.fromMs && atMs <= window.toMs)) return;
      const name = names.get(id) ?? '(unknown)';
      selfMicros.set(name, (selfMicros.get(name) ?? 0) + micros);
      total += micros;
    });
  }
  if (total === 0)
    return [
      ['self ms', '%', 'function', 'where'],
      ['0', '0', `(no .cpuprofile in ${dir})`, ''],
    ];
  const rows = [...selfMicros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => {
      const [fn = '', where = ''] = name.split('\t');
      return [(micros / 1000).toFixed(0), ((micros / total) * 100).toFixed(1), fn, where];
    });
  return [['self ms', '%', 'function', 'where'], ...rows];
}

function shorten(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}
