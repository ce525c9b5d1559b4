import { formatPhase, PHASES, type EntityPhase, type Phase } from '../phases';
import type { GateThresholds } from './gateThresholds';
import type { GateReadings } from './readGateReadings';

/** One gate: what was read, what it had to be, and whether it held. */
export interface GateCheck {
  readonly gate: string;
  readonly passed: boolean;
  /** The reading, as people read it ("12.5 s", "not running", "3 rows waiting, oldest 41 s"). */
  readonly value: string;
  /** What it had to be. */
  readonly expected: string;
}

export interface GateVerdict {
  /** A forward move is judged; a move back (rollback) or sideways never is. */
  readonly direction: 'forward' | 'back';
  readonly passed: boolean;
  readonly checks: readonly GateCheck[];
}

/** Position in the strangler's order; CANARY's percent orders moves within CANARY. */
function rank(phase: Phase, percent: number): number {
  return PHASES.indexOf(phase) * 1000 + (phase === 'CANARY' ? percent : 0);
}

/**
 * The safety gates of a phase change. Moving forward must earn it:
 * - to SHADOW: the backfill of every table the entity is served from is complete, and forward sync (UH ->
 *   cloud) is running, so the copy being compared is kept current;
 * - to CANARY (or a larger canary) and to CLOUD: the same, forward lag within its bound (consumers served by
 *   the cloud must not read stale data), and reverse sync (cloud -> UH) running with the entity's outbox
 *   drained (no write older than the bound still waiting for UH), so UH is never stranded; and a recent
 *   reconciliation of every table of the entity whose differences were all explained, so consumers moved
 *   to the cloud read what UH holds.
 * Moving back is always allowed (rollback must never be blocked by the thing that went wrong).
 */
export function judgeGates(
  from: EntityPhase,
  to: { readonly phase: Phase; readonly percent: number },
  readings: GateReadings,
  thresholds: GateThresholds,
): GateVerdict {
  if (rank(to.phase, to.percent) <= rank(from.phase, from.percent)) {
    return { direction: 'back', passed: true, checks: [] };
  }
  const checks: GateCheck[] = [];
  const incomplete = readings.backfill.sources.filter((source) => source.state !== 'complete');
  checks.push({
    gate: 'backfill complete',
    passed: readings.backfill.complete,
    value: readings.backfill.complete
      ? 'complete'
      : incomplete.map((source) => `${source.source} ${source.state}`).join(', '),
    expected: 'every table of the entity backfilled (housing sync backfill)',
  });
  const forward = readings.sync.forward;
  checks.push({
    gate: 'forward sync running',
    passed: forward.running,
    value: forward.running ? 'running' : 'not running',
    expected: 'a live forward worker (housing sync run, or housing start)',
  });
  if (to.phase === 'CANARY' || to.phase === 'CLOUD') {
    const slow = forward.tables.filter(
      (table) => table.lagSeconds === null || table.lagSeconds > thresholds.maxForwardLagSeconds,
    );
    checks.push({
      gate: 'forward sync lag',
      passed: forward.lagSeconds !== null && forward.lagSeconds <= thresholds.maxForwardLagSeconds,
      value:
        forward.lagSeconds === null
          ? `never caught up: ${slow
              .filter((t) => t.lagSeconds === null)
              .map((t) => t.table)
              .join(', ')}`
          : `${forward.lagSeconds.toFixed(1)} s${slow.length > 0 ? ` (${slow.map((t) => t.table).join(', ')})` : ''}`,
      expected: `at most ${thresholds.maxForwardLagSeconds} s`,
    });
    const reverse = readings.sync.reverse;
    checks.push({
      gate: 'reverse sync running',
      passed: reverse.running,
      value: reverse.running ? 'running' : 'not running',
      expected: 'a live reverse worker (housing sync run, or housing start), so cloud writes reach UH',
    });
    checks.push({
      gate: 'outbox drained',
      passed: reverse.pending === 0 || reverse.oldestPendingAgeSeconds <= thresholds.maxOutboxWaitSeconds,
      value:
        reverse.pending === 0
          ? 'nothing waiting'
          : `${reverse.pending} write(s) waiting for UH, oldest ${reverse.oldestPendingAgeSeconds.toFixed(1)} s`,
      expected: `no write waiting longer than ${thresholds.maxOutboxWaitSeconds} s`,
    });
    checks.push(reconciliationCheck(readings, thresholds));
  }
  return { direction: 'forward', passed: checks.every((check) => check.passed), checks };
}

/** "tenancy cannot move LEGACY -> CLOUD: forward sync running: not running (expected ...); ..." */
export function formatGateFailure(
  entity: string,
  from: EntityPhase,
  to: { readonly phase: Phase; readonly percent: number },
  verdict: GateVerdict,
): string {
  const failing = verdict.checks.filter((check) => !check.passed);
  return [
    `${entity} cannot move ${formatPhase(from.phase, from.percent)} -> ${formatPhase(to.phase, to.percent)}: ${failing.length} gate(s) failed`,
    ...failing.map((check) => `  ${check.gate}: ${check.value} (expected ${check.expected})`),
    '  fix the readings, or move anyway with --override-gates (recorded, with the failing readings)',
  ].join('\n');
}

/** "reconciliation clean": every table reconciled within the bound, and nothing unexplained left. */
function reconciliationCheck(readings: GateReadings, thresholds: GateThresholds): GateCheck {
  const r = readings.reconciliation;
  const bound = thresholds.maxReconciliationAgeHours;
  const never = r.sources.filter((s) => s.runId === null).map((s) => s.source);
  const stale = r.sources.filter((s) => s.ageHours !== null && s.ageHours > bound);
  const dirty = r.sources.filter((s) => s.unexplained > 0);
  const value =
    never.length > 0
      ? `never reconciled: ${never.join(', ')}`
      : dirty.length > 0
        ? `${r.unexplained} unexplained difference(s) (${dirty.map((s) => `${s.source} run ${s.runId ?? '?'}`).join(', ')})`
        : `clean, ${(r.ageHours ?? 0).toFixed(1)} h ago${stale.length > 0 ? ` (${stale.map((s) => s.source).join(', ')})` : ''}`;
  return {
    gate: 'reconciliation clean',
    passed: never.length === 0 && dirty.length === 0 && stale.length === 0,
    value,
    expected: `a reconciliation of every table within ${bound} h with every difference explained (housing reconcile)`,
  };
}
