import type { PgClient } from '../../stores/cloud/PgStore';
import type { UhParamType } from '../../stores/uh/UhQuery';
import type { UpsertMode } from './upsertRows';

import { SYNC_ENTITIES, type SyncEntityName } from '../../stores/cloud/syncEntities';

/** The entities the backfill copies, in dependency order (a later one may refer to an earlier one). */
export const BACKFILL_ENTITIES = SYNC_ENTITIES;

export type BackfillEntityName = SyncEntityName;

/** One column of a UH table's unique index, in index order: the keyset pagination walks it. */
export interface KeyColumn {
  /** The column as the chunk query names it, e.g. `t.tag_ref`. */
  readonly expr: string;
  /** Its name in the result rows. */
  readonly alias: string;
  readonly type: UhParamType;
}

/**
 * A UH key value as the checkpoint keeps it: strings as UH holds them minus trailing padding (SQL Server
 * compares char values ignoring trailing spaces, but a leading space is significant), numbers as numbers,
 * NULL as null (rtrans's index columns are nullable).
 */
export type KeyValue = string | number | null;

/** A UH row that cannot be represented in the cloud model: kept in sync.reject with why. */
export interface Rejection {
  readonly key: string;
  readonly reason: string;
  readonly row: unknown;
  /** What exactly was wrong (an error message, the duplicate key), kept with the row. */
  readonly detail?: string;
}

/**
 * An entity's rows as one SELECT over its UH table, without TOP, WHERE or ORDER BY: the backfill's chunks
 * and forward capture's change polls read the same columns through the same joins, so both map the same.
 */
export interface EntitySelect {
  /** The select list, including the walked table's `tstamp` where the entity keeps it. */
  readonly columns: string;
  /** FROM with its joins and hints. */
  readonly from: string;
  /** The walked table's alias in `from` (its rowversion is `<alias>.tstamp`). */
  readonly alias: string;
  /**
   * Rowversions of the joined rows (e.g. `pc.tstamp`): forward capture only takes a row whose joined rows
   * are all committed (below MIN_ACTIVE_ROWVERSION()), since may read an uncommitted one.
   */
  readonly joinedRowversions: readonly string[];
}

/** Where a prepare step writes: the pool (backfill, outside the chunk's transaction) or a transaction. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** What one chunk of UH rows became: rows to upsert and rows rejected. */
export interface MappedChunk<T> {
  readonly records: T[];
  readonly rejections: Rejection[];
}

/**
 * How one entity is backfilled: which UH table (the one its key walks), the chunk's SELECT (given the
 * keyset predicate), the mapping through the legacy store's own mappers, and the PostgreSQL upsert.
 */
export interface BackfillEntity<Row extends object = Record<string, unknown>, T = unknown> {
  readonly name: BackfillEntityName;
  /** The UH table whose unique index is walked (and counted for the progress total). */
  readonly table: string;
  readonly keyColumns: readonly KeyColumn[];
  /**
   * Chunks may be written by concurrent transactions: no two chunks' transactions touch the same
   * PostgreSQL row (else a transaction waiting for a later chunk's row lock, while that chunk waits for it
   * to commit its checkpoint first, would never finish). Rows chunks share go through `prepare`.
   */
  readonly concurrentWrites: boolean;
  readonly select: EntitySelect;
  /**
   * The chunk query: must select `TOP (@n)` rows of `table` in key order filtered by `where` (a keyset
   * predicate over keyColumns, or '1 = 1' for the first chunk), and return the key columns by their alias.
   */
  chunkSql(where: string): string;
  map(rows: readonly Row[]): MappedChunk<T>;
  /**
   * Rows several chunks may share, written before the chunk's transaction in their own (autocommit)
   * statement, so that concurrent chunk transactions never wait on each other's locks.
   */
  prepare?(db: PgQueryable, records: readonly T[]): Promise<void>;
  /**
   * Upsert the records in one statement or a few (inside the chunk's transaction). `mode` says who may
   * overwrite what: the backfill's (the default) leaves rows the cloud wrote alone; forward capture's
   * overwrites them (it has decided who wins) but never with an older UH version.
   */
  upsert(client: PgClient, records: readonly T[], mode?: UpsertMode): Promise<void>;
}

/** For a list of entities of different row types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBackfillEntity = BackfillEntity<any, any>;
