import type { BackfillEntityName } from './BackfillEntity';
import type { RejectCount } from './writeRejections';

/** How one entity went in this run. */
export interface EntitySummary {
  readonly entity: BackfillEntityName;
  /**
   * done: walked to the end in this run; alreadyComplete: its checkpoint said complete (nothing re-read;
   * --restart to re-check); interrupted: stopped by the signal, resumable; notStarted: the run stopped first.
   */
  readonly status: 'done' | 'alreadyComplete' | 'interrupted' | 'notStarted';
  /** UH rows of the walked table read in this run. */
  readonly rows: number;
  /** Of those, rows sent to sync.reject. */
  readonly rejected: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** UH rows of the table when the entity started, and rows done overall (this run and the ones it resumed). */
  readonly total: number;
  readonly rowsDone: number;
}

export interface BackfillSummary {
  readonly entities: readonly EntitySummary[];
  /** Every reject the backfill job holds, by entity and reason. */
  readonly rejects: readonly RejectCount[];
  readonly interrupted: boolean;
  readonly seconds: number;
  /** UH rows read in this run, all entities. */
  readonly rows: number;
  readonly rowsPerSecond: number;
}

/** Progress as a run goes: an entity starts, a chunk is committed, an entity ends. */
export type BackfillProgress =
  | {
      readonly kind: 'start';
      readonly entity: BackfillEntityName;
      readonly total: number;
      readonly done: number;
    }
  | {
      readonly kind: 'chunk';
      readonly entity: BackfillEntityName;
      readonly total: number;
      readonly done: number;
      readonly rows: number;
      readonly rejected: number;
      readonly rowsPerSecond: number;
    }
  | { readonly kind: 'end'; readonly summary: EntitySummary };
