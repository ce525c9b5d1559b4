import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Where a gateway's CPU went: the V8 profiles (`node --cpu-prof`) in a directory, self time summed per
 * function (name and source location) over every sample, largest first, as table rows.
 */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export function summariseCpuProfiles(dir: string, top: number): string[][] {
  const selfMicros = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const names = new Map<number, string>();
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
      names.set(node.id, `${functionName || '(anonymous)'}\t${where}`);
    }
    profile.samples.forEach((id, i) => {
      const micros = profile.timeDeltas[i] ?? 0;
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
