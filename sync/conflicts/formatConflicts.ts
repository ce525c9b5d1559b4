import { formatTable } from '../../core/formatTable';
import type { SyncConflict } from './conflicts';

/** What `housing sync conflicts` prints for people (--json prints both versions in full). */
export function formatConflicts(conflicts: readonly SyncConflict[]): string {
  if (conflicts.length === 0) return 'no open conflicts\n';
  return formatTable(
    ['id', 'found at', 'entity', 'key', 'found by', 'winner', 'what was done'],
    conflicts.map((c) => [
      String(c.id),
      `${c.createdAt.toISOString().slice(0, 19)}Z`,
      c.entity,
      c.entityKey,
      c.detectedBy,
      c.winner,
      c.resolution + (c.resolved ? ' (resolved)' : ''),
    ]),
  );
}
