import { formatPhase, type Entity, type EntityPhase } from './phases';
import type { PhaseChange, PhaseChangePreview } from './store/MigrationStore';
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

/**
 * `housing migrate gates`: the prospective move and its verdict, then every gate with its reading and
 * bound. "tenancy: SHADOW -> CANARY 10%: MIGRATION_GATE_FAILED (2 of 8 gates fail)"
 */
export function formatPreview(preview: PhaseChangePreview): string {
  const failing = preview.verdict.checks.filter((check) => !check.passed).length;
  const move = `${preview.entity}: ${formatPhase(preview.from.phase, preview.from.percent)} -> ${formatPhase(preview.to.phase, preview.to.percent)}`;
  const verdict = preview.verdict.passed
    ? `allowed (${preview.verdict.direction === 'back' ? 'a move back' : 'every gate holds'})`
    : `MIGRATION_GATE_FAILED (${failing} of ${preview.verdict.checks.length} gates fail${
        preview.verdict.direction === 'back' ? '; --accept-loss to roll back anyway' : ''
      })`;
  const table =
    preview.verdict.checks.length === 0
      ? 'no gates: moving back from LEGACY or SHADOW is always allowed\n'
      : formatTable(
          ['gate', 'result', 'value', 'expected'],
          preview.verdict.checks.map((check) => [
            check.gate,
            check.passed ? 'pass' : 'FAIL',
            check.value,
            check.expected,
          ]),
        );
  return `${move}: ${verdict}\n${table}`;
}
