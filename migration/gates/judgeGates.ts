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
 * - to CANARY and CLOUD also: enough shadow comparisons in the window, few enough of them differing;
 * - to CLOUD also: enough canary requests answered by the cloud, with an error rate no worse than legacy's.
 * Moving back is always allowed (rollback must never be blocked by the thing that went wrong), but leaving
 * CANARY or CLOUD with cloud writes not yet in UH is refused until they are applied or the loss is
 * accepted (acceptLoss), since UH would then win over them.
 */
export function judgeGates(
  from: EntityPhase,
  to: { readonly phase: Phase; readonly percent: number },
  readings: GateReadings,
  thresholds: GateThresholds,
): GateVerdict {
  if (rank(to.phase, to.percent) <= rank(from.phase, from.percent)) {
    // Leaving CANARY or CLOUD: once UH masters the entity again, a legacy edit of a row whose cloud write
    // has not reached UH wins over it (sync conflicts go to the master). Say which writes that would be.
    if ((from.phase !== 'CANARY' && from.phase !== 'CLOUD') || to.phase === from.phase)
      return { direction: 'back', passed: true, checks: [] };
    const check = strandedCheck(readings);
    return { direction: 'back', passed: check.passed, checks: [check] };
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
    const shadow = readings.shadowComparisons;
    checks.push({
      gate: 'shadow comparisons',
      passed: shadow.compared >= thresholds.minShadowComparisons,
      value: `${shadow.compared} in ${shadow.windowHours} h`,
      expected: `at least ${thresholds.minShadowComparisons} (reads in SHADOW compared with the cloud)`,
    });
    checks.push({
      gate: 'shadow mismatch rate',
      passed: shadow.mismatchRate !== null && shadow.mismatchRate <= thresholds.maxShadowMismatchRate,
      value:
        shadow.mismatchRate === null
          ? 'no comparisons'
          : `${percent(shadow.mismatchRate)} (${shadow.mismatched} of ${shadow.compared}${shadow.failed > 0 ? `, ${shadow.failed} cloud reads failed` : ''})`,
      expected: `at most ${percent(thresholds.maxShadowMismatchRate)}`,
    });
  }
  if (to.phase === 'CLOUD') {
    const canary = readings.canary;
    checks.push({
      gate: 'canary requests',
      passed: canary.cloudRequests >= thresholds.minCanaryRequests,
      value: `${canary.cloudRequests} answered by the cloud in ${canary.windowHours} h`,
      expected: `at least ${thresholds.minCanaryRequests} (a CANARY first)`,
    });
    const legacyRate = canary.legacyErrorRate ?? 0;
    checks.push({
      gate: 'canary error rate',
      passed:
        canary.cloudErrorRate !== null &&
        canary.cloudErrorRate <= legacyRate + thresholds.maxCanaryErrorRateExcess,
      value:
        canary.cloudErrorRate === null
          ? 'no canary requests'
          : `cloud ${percent(canary.cloudErrorRate)} (${canary.cloudErrors} of ${canary.cloudRequests}), legacy ${percent(legacyRate)} (${canary.legacyErrors} of ${canary.legacyRequests})`,
      expected: `the cloud's at most legacy's + ${percent(thresholds.maxCanaryErrorRateExcess)}`,
    });
  }
  return { direction: 'forward', passed: checks.every((check) => check.passed), checks };
}

/** "no writes stranded": every cloud write of the entity is in UH before UH masters it again. */
function strandedCheck(readings: GateReadings): GateCheck {
  const { stranded } = readings;
  if (stranded.count === 0)
    return {
      gate: 'no writes stranded',
      passed: true,
      value: 'every cloud write in UH',
      expected: EXPECTED_STRANDED,
    };
  const dead = stranded.writes.filter((w) => w.status === 'DEAD').length;
  const listed = stranded.writes
    .map(
      (w) =>
        `${w.source} ${w.key} ${w.operation}${w.status === 'DEAD' ? ' dead letter' : ''} (outbox ${w.outboxId})`,
    )
    .join(', ');
  const more =
    stranded.count > stranded.writes.length ? `, and ${stranded.count - stranded.writes.length} more` : '';
  return {
    gate: 'no writes stranded',
    passed: false,
    value: `${stranded.count} cloud write(s) not in UH${dead > 0 ? ` (${dead} listed dead letter(s))` : ''}, oldest ${stranded.oldestAt ?? '?'}: ${listed}${more}`,
    expected: EXPECTED_STRANDED,
  };
}

const EXPECTED_STRANDED =
  'every cloud write of the entity applied to UH (a UH edit of the same row would win over it once UH masters again)';

/** 0.0123 -> "1.23%". */
function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
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
    verdict.direction === 'back'
      ? '  let the reverse sync apply them (housing sync status, housing sync dead-letters), or roll back anyway with --accept-loss (recorded, with the stranded writes)'
      : '  fix the readings, or move anyway with --override-gates (recorded, with the failing readings)',
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
