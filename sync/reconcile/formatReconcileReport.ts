import { formatTable } from '../../core/formatTable';
import { EXPLANATION_LABELS, type ClassifiedDifference } from './Difference';
import type { EntityReconcileReport, ReconcileReport } from './ReconcileReport';

/** Differences printed per run; the rest are in sync.reconcile_difference (housing reconcile history --run). */
export const PRINTED_DIFFERENCES = 40;

const n = (value: number) => value.toLocaleString('en-GB');

/** The per-entity table, then the differences (unexplained first), as people read them. */
export function formatReconcileReport(report: ReconcileReport): string {
  const rows = report.entities.map((e) => [
    e.entity,
    n(e.uhRows),
    n(e.cloudRows),
    n(e.rowsCompared),
    n(e.rangesHashed),
    n(e.rowHashesFetched),
    n(e.rowsFetched),
    n(e.differences.length),
    n(e.explained),
    n(e.unexplained),
    e.seconds.toFixed(1),
    e.runId,
  ]);
  const rowsCompared = report.entities.reduce((sum, e) => sum + e.rowsCompared, 0);
  const out = [
    formatTable(
      [
        'entity',
        'UH rows',
        'cloud rows',
        'compared',
        'ranges',
        'row hashes',
        'rows fetched',
        'differences',
        'explained',
        'unexplained',
        'seconds',
        'run',
      ],
      rows,
    ),
    `${n(rowsCompared)} rows compared in ${report.seconds.toFixed(1)} s (${n(Math.round(rowsCompared / Math.max(report.seconds, 0.001)))} rows/s); ${report.unexplained === 0 ? 'no unexplained difference' : `${n(report.unexplained)} unexplained difference(s)`}\n`,
  ];
  const all = report.entities.flatMap((e) => e.differences.map((d) => ({ entity: e.entity, d })));
  if (all.length > 0) {
    all.sort((a, b) => Number(a.d.explanation !== null) - Number(b.d.explanation !== null));
    const shown = all.slice(0, PRINTED_DIFFERENCES);
    out.push(
      '\n' +
        formatDifferences(
          shown.map(({ entity, d }) => ({ entity, ...d })),
          report.entities.some((e) => e.repair !== null),
        ),
    );
    if (all.length > shown.length)
      out.push(
        `... and ${n(all.length - shown.length)} more: housing reconcile history --run <run> (or --json)\n`,
      );
  }
  const repairs = report.entities.filter((e) => e.repair !== null);
  for (const e of repairs)
    out.push(
      `repair ${e.entity} from ${e.repair?.master === 'CLOUD' ? 'the cloud (queued for UH)' : 'UH'}: ${n(e.repair?.repaired ?? 0)} of ${n(e.repair?.attempted ?? 0)} row(s) repaired, ${n(e.repair?.notRepairable ?? 0)} not\n`,
    );
  return out.join('');
}

export interface PrintedDifference extends Pick<
  ClassifiedDifference,
  'key' | 'kind' | 'field' | 'uhValue' | 'cloudValue' | 'explanation' | 'detail'
> {
  readonly entity: string;
  readonly repair?: string | null;
}

const KIND: Readonly<Record<ClassifiedDifference['kind'], string>> = {
  field: 'field',
  missingInCloud: 'missing in cloud',
  missingInUh: 'missing in UH',
};

/** One line per difference: where, what, both values (cut at 40 characters), its class. */
export function formatDifferences(differences: readonly PrintedDifference[], withRepair: boolean): string {
  const cut = (value: string | null) =>
    value === null ? '-' : value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return formatTable(
    ['entity', 'key', 'difference', 'UH', 'cloud', ...(withRepair ? ['repair'] : []), 'class'],
    differences.map((d) => [
      d.entity,
      d.key === '' ? '(blank)' : d.key,
      d.kind === 'field' ? `${KIND[d.kind]} ${d.field ?? ''}` : KIND[d.kind],
      cut(d.uhValue),
      cut(d.cloudValue),
      ...(withRepair ? [d.repair ?? '-'] : []),
      d.explanation === null
        ? `unexplained${d.detail === null ? '' : ` (${d.detail})`}`
        : `explained: ${EXPLANATION_LABELS[d.explanation]}${d.detail === null ? '' : ` (${d.detail})`}`,
    ]),
  );
}

/** The report as --json prints it: every difference, its class spelled out, no internal fields. */
export function reconcileReportJson(report: ReconcileReport): unknown {
  return {
    seconds: report.seconds,
    unexplained: report.unexplained,
    entities: report.entities.map((e: EntityReconcileReport) => ({
      ...e,
      differences: e.differences.map((d) => ({
        key: d.key,
        kind: d.kind,
        field: d.field,
        uhValue: d.uhValue,
        cloudValue: d.cloudValue,
        class: d.explanation === null ? 'unexplained' : 'explained',
        explanation: d.explanation,
        detail: d.detail,
        repair: d.repair,
      })),
    })),
  };
}
