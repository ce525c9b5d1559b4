import type Database from 'better-sqlite3';
import type { Statement } from './ast';
import type { ResolvedTable } from './Catalog';
import type { Decoder } from './codec';
import type { ColumnInfo, SqlType } from './types';

export interface OutputShape {
  readonly columns: readonly ColumnInfo[];
  readonly decoders: readonly Decoder[];
}

/** A compiled statement, ready to run on one session's connection (prepared lazily, then reused). */
export type StatementPlan =
  | {
      readonly k: 'query';
      readonly sql: string;
      readonly shape: OutputShape;
      /** SELECT @a = ..., @b = ...: assigned variables (lower-case binding keys) instead of a result set. */
      readonly assigns: readonly { readonly key: string }[] | undefined;
      prepared?: Database.Statement;
      /** Reads a table WITH (UPDLOCK): see takesUpdateLocks. */
      updlock?: boolean;
    }
  | {
      readonly k: 'write';
      readonly verb: 'INSERT' | 'UPDATE' | 'DELETE';
      readonly sql: string;
      readonly table: ResolvedTable;
      readonly output: OutputShape | undefined;
      /** Re-evaluates the rows the statement would write (table column order; UPDATE adds rowid last) to name a duplicate key. */
      readonly probeSql: string | undefined;
      prepared?: Database.Statement;
      /** Reads a table WITH (UPDLOCK): see takesUpdateLocks. */
      updlock?: boolean;
    }
  | { readonly k: 'begin' }
  | { readonly k: 'commit' }
  | { readonly k: 'rollback' }
  | { readonly k: 'set'; readonly option: string }
  /** DECLARE/SET @v: evaluates `sql` (one column, or none) and stores it under `key`. */
  | {
      readonly k: 'assign';
      readonly key: string;
      readonly type: SqlType;
      readonly sql: string | undefined;
      prepared?: Database.Statement;
      /** Reads a table WITH (UPDLOCK): see takesUpdateLocks. */
      updlock?: boolean;
    }
  | { readonly k: 'ddl'; readonly statement: Statement };
