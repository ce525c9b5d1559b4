/**
 * What applying one outbox row in UH came to, decided inside one UH transaction.
 * - alreadyInUh: UH already held the row's image (applied before, its marking lost; or UH reached the
 *   same values itself): nothing written. tstamp is the UH row's rowversion (null when there is no row).
 * - written: the write, with the rowversion UH gave it; conflict when UH had changed the row since the
 *   cloud last synced it and the cloud (master) won.
 * - setAside: UH had changed the row and UH masters the entity: nothing written, the UH version stands.
 * - refused: the row can never apply (e.g. the property is not in UH); dead-lettered with this reason.
 */
export type UhApplyResult =
  | { readonly kind: 'alreadyInUh'; readonly tstamp: Buffer | null }
  | { readonly kind: 'written'; readonly tstamp: Buffer; readonly conflict: SeenConflict | null }
  | { readonly kind: 'setAside'; readonly conflict: SeenConflict }
  | { readonly kind: 'refused'; readonly reason: string };

/** The UH version found in place of the one the cloud last synced. */
export interface SeenConflict {
  /** The UH row as the graph reads it (JSON for sync.conflict.uh_version). */
  readonly uhVersion: unknown;
  readonly uhTstamp: Buffer;
}

/** What the decision needs to know from the cloud side, read before the UH transaction. */
export interface ApplyContext {
  readonly operation: 'INSERT' | 'UPDATE';
  /** The cloud row's uh_tstamp: the UH version it last synced with (null: never synced, or not recorded). */
  readonly baseline: Buffer | null;
  /** Rowversions UH gave this key's earlier applied outbox rows: our own writes are never conflicts. */
  readonly ownWrites: readonly Buffer[];
  /** The entity's phase is CLOUD: the cloud wins a conflict. */
  readonly cloudMasters: boolean;
}

/** What the entity read from UH, in the terms the decision needs. */
export interface UhCurrent {
  readonly exists: boolean;
  readonly tstamp: Buffer | null;
  readonly version: unknown;
}

export type UhWriteOutcome =
  | { readonly kind: 'written'; readonly tstamp: Buffer }
  | { readonly kind: 'refused'; readonly reason: string };
