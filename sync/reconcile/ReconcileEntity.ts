import type { BackfillEntity, KeyColumn, KeyValue } from '../backfill/BackfillEntity';
import type { SyncEntityName } from '../../stores/cloud/syncEntities';

/**
 * One compared field: the cloud column, and its value three ways, which must agree whenever the stores do:
 * - `uh`: T-SQL over the entity's UH rows, UH's normalisation done by SQL Server (uhNormalisationSql.ts),
 *   so key ranges are hashed where the data is;
 * - `cloud`: PostgreSQL over the cloud row (alias `c`), the stored value as text;
 * - `of`: the same text from the record the backfill's mappers make of the UH row: what decides, once a
 *   range's hashes differ and its rows are fetched.
 */
export interface ReconcileField<T> {
  /** The cloud column (sync.lossy_text names fields by it). */
  readonly name: string;
  readonly uh: string;
  readonly cloud: string;
  readonly of: (record: T) => string | null;
}

/** A cloud key column: its expression over `c` and its PostgreSQL type (for typed parameters). */
export interface CloudKeyColumn {
  readonly expr: string;
  readonly type: 'text' | 'integer' | 'smallint';
}

/**
 * How one sync entity is reconciled. UH is walked by the backfill's unique index (`backfill.keyColumns`)
 * and the cloud by its primary key; both give the row its canonical key text (`rk`), which pairs rows.
 */
export interface ReconcileEntity<T = unknown> {
  readonly name: SyncEntityName;
  /** The backfill's definition: its chunk SELECT and mappers read the rows of ranges that differ. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly backfill: BackfillEntity<any, T>;
  /** The UH table whose rowversion says whether a change is still within the sync lag. */
  readonly uhTable: string;
  /**
   * One row per entity row matching `where` (a predicate over the key columns' expressions), with the key
   * columns under their aliases (as the backfill's chunks return them), `rk` (canonical key text) and
   * `f0`, `f1`, ... (the fields, in order).
   */
  uhRows(where: string): string;
  /** The cloud table under the alias `c`. */
  readonly cloudFrom: string;
  readonly cloudKey: readonly CloudKeyColumn[];
  /** The canonical key text in PostgreSQL (equal to `rk` on the UH side). */
  readonly cloudRowKey: string;
  /** A UH key (as the backfill keeps it) in the cloud's form, and back. */
  toCloudKey(key: readonly KeyValue[]): unknown[];
  fromCloudKey(values: readonly unknown[]): KeyValue[];
  /**
   * Keys whose UH form is their cloud form (no padding or leading spaces to fix): they order the same way
   * in both stores, so only they split ranges. Others still pair up by `rk` wherever they fall.
   */
  isRegularKey(key: readonly KeyValue[]): boolean;
  rowKeyOf(record: T): string;
  readonly fields: readonly ReconcileField<T>[];
}

/** For lists of entities of different record types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReconcileEntity = ReconcileEntity<any>;

/** The key columns under their aliases, for a SELECT list. */
export function uhKeyColumns(keyColumns: readonly KeyColumn[]): string {
  return keyColumns.map((c) => `${c.expr} AS ${c.alias}`).join(', ');
}

/** The key columns of a derived table `alias` (built with uhKeyColumns), for an outer SELECT list. */
export function uhKeyAliases(keyColumns: readonly KeyColumn[], alias: string): string {
  return keyColumns.map((c) => `${alias}.${c.alias}`).join(', ');
}

/** The UH SELECT of `uhRows`: key columns, key text and fields as f0..fn over `from`, filtered by `where`. */
export function selectUhRows(
  keyColumns: readonly KeyColumn[],
  rowKey: string,
  fields: readonly { readonly uh: string }[],
  from: string,
  where: string,
): string {
  return `SELECT ${uhKeyColumns(keyColumns)}, ${rowKey} AS rk, ${fields.map((f, i) => `${f.uh} AS f${i}`).join(', ')} FROM ${from} WHERE ${where}`;
}
