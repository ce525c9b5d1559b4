/**
 * One direction of the continuous sync, as the worker runner drives it. The runner owns the loop: it
 * holds the direction's advisory lock (one active worker per direction), calls cycle() again at once while
 * a cycle reports more work, otherwise after the poll interval, backs off while a store is away, and
 * records heartbeats and readings in sync.worker. A cycle does a bounded amount of work and leaves every
 * store consistent when it returns or throws: a crash between any two of its steps loses nothing.
 */
export type SyncDirectionName = 'forward' | 'reverse';

export interface SyncDirection {
  readonly direction: SyncDirectionName;
  cycle(signal: AbortSignal): Promise<CycleReport>;
}

export interface CycleReport {
  /** More work is ready now (a full batch was read): run the next cycle without waiting. */
  readonly more: boolean;
  /** Rows applied by this cycle (to the cloud for forward, to UH for reverse). */
  readonly applied: number;
  /** Per source (UH table, or outbox entity) readings shown by `housing sync status` and kept as gate readings. */
  readonly sources: readonly SourceReading[];
}

export interface SourceReading {
  /** A UH table (forward) or an outbox entity (reverse). */
  readonly source: string;
  /** Seconds since this source was last fully caught up (0 when it is now). */
  readonly lagSeconds: number;
  /** Changes known to be waiting (forward: UH rows above the checkpoint; reverse: pending outbox rows). */
  readonly lagRows: number;
  /** Rows applied in this cycle. */
  readonly applied: number;
}
