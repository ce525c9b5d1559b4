import { formatPhase, type Entity, type EntityPhase } from './phases';
import type { PhaseChange } from './store/MigrationStore';
import { formatTable } from '../core/formatTable';

/** What `housing migrate` prints for people (its --json prints the objects themselves). */

/** "tenancy: LEGACY -> CANARY 10% (by alice: canary for the repairs team)" */
export function formatPhaseChangeLine(before: EntityPhase, after: EntityPhase): string {
  return (
    `${after.entity}: ${formatPhase(before.phase, before.percent)} -> ${formatPhase(after.phase, after.percent)} ` +
    `(by ${after.changedBy}: ${after.reason})`
  );
}

export function formatStatusTable(
  phases: readonly EntityPhase[],
  shadowMismatches: Readonly<Record<Entity, number>>,
  windowHours: number,
): string {
  return formatTable(
    [
      'entity',
      'phase',
      'percent',
      'changed by',
      'changed at',
      `shadow mismatches (${windowHours} h)`,
      'reason',
    ],
    phases.map((p) => [
      p.entity,
      p.phase,
      `${p.percent}%`,
      p.changedBy,
      formatTime(p.changedAt),
      String(shadowMismatches[p.entity]),
      p.reason,
    ]),
  );
}

export function formatHistoryTable(changes: readonly PhaseChange[]): string {
  if (changes.length === 0) return 'no phase changes recorded\n';
  return formatTable(
    ['changed at', 'entity', 'from', 'to', 'changed by', 'reason'],
    changes.map((c) => [
      formatTime(c.changedAt),
      c.entity,
      formatPhase(c.fromPhase, c.fromPercent),
      formatPhase(c.toPhase, c.toPercent),
      c.changedBy,
      c.reason,
    ]),
  );
}

/** UTC to the second: the same reading for everyone, whatever their time zone. */
function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
