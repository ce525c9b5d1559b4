import type { SyncEntityName } from '../../stores/cloud/syncEntities';
import type { ClassifiedDifference } from './Difference';

/** One entity's reconciliation, as persisted in sync.reconcile_run and printed. */
export interface EntityReconcileReport {
  readonly runId: string;
  readonly entity: SyncEntityName;
  readonly startedAt: string;
  readonly uhRows: number;
  readonly cloudRows: number;
  /**
   * Rows compared: pairs of rows (the larger table's count), each compared by range checksum or row by
   * row; a row only one side holds counts once.
   */
  readonly rowsCompared: number;
  readonly rangesHashed: number;
  readonly rowHashesFetched: number;
  readonly rowsFetched: number;
  readonly seconds: number;
  /** Each with what --repair did about it (null without --repair). */
  readonly differences: readonly (ClassifiedDifference & { readonly repair: string | null })[];
  readonly explained: number;
  readonly unexplained: number;
  readonly repair: RepairSummary | null;
}

/** What --repair did: the master it copied from, rows re-synced, and how many agree when compared again. */
export interface RepairSummary {
  readonly master: 'UH' | 'CLOUD';
  readonly attempted: number;
  readonly repaired: number;
  readonly notRepairable: number;
}

export interface ReconcileReport {
  readonly entities: readonly EntityReconcileReport[];
  readonly seconds: number;
  readonly unexplained: number;
}
