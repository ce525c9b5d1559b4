import type { SqlType } from './types';

/** Abstract syntax of the supported T-SQL subset (see uh-simulator/TSQL-SUBSET.md). */

export type Expr =
  | { readonly k: 'null' }
  | { readonly k: 'str'; readonly v: string; readonly national: boolean }
  | { readonly k: 'num'; readonly text: string }
  | { readonly k: 'hex'; readonly hex: string }
  | { readonly k: 'param'; readonly name: string }
  | { readonly k: 'sysvar'; readonly name: string }
  /** Column reference: parts are [column] or [qualifier, column] (longer prefixes folded into qualifier). */
  | { readonly k: 'col'; readonly qualifier: string | undefined; readonly name: string }
  | { readonly k: 'unary'; readonly op: '-' | '+' | '~' | 'NOT'; readonly e: Expr }
  | { readonly k: 'binop'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'isnull'; readonly e: Expr; readonly not: boolean }
  | { readonly k: 'like'; readonly e: Expr; readonly pattern: Expr; readonly not: boolean }
  | {
      readonly k: 'in';
      readonly e: Expr;
      readonly list: readonly Expr[] | undefined;
      readonly sub: Select | undefined;
      readonly not: boolean;
    }
  | { readonly k: 'between'; readonly e: Expr; readonly lo: Expr; readonly hi: Expr; readonly not: boolean }
  | { readonly k: 'exists'; readonly sub: Select }
  | { readonly k: 'subquery'; readonly sub: Select }
  | {
      readonly k: 'case';
      readonly operand: Expr | undefined;
      readonly whens: readonly (readonly [Expr, Expr])[];
      readonly else: Expr | undefined;
    }
  | {
      readonly k: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly distinct: boolean;
      readonly star: boolean;
    }
  | { readonly k: 'cast'; readonly e: Expr; readonly type: SqlType; readonly style: Expr | undefined }
  | { readonly k: 'rowNumber'; readonly partitionBy: readonly Expr[]; readonly orderBy: readonly OrderItem[] }
  /** `COLLATE name` on a string expression: the collation its comparisons use (collation.ts). */
  | { readonly k: 'collate'; readonly e: Expr; readonly collation: string };

export interface OrderItem {
  readonly e: Expr;
  readonly desc: boolean;
}

/** A table name as written: up to database.schema.name. */
export interface ObjectName {
  readonly database: string | undefined;
  readonly schema: string | undefined;
  readonly name: string;
  /** As written, for error messages ('dbo.x'). */
  readonly written: string;
}

export type TableSource =
  | {
      readonly k: 'table';
      readonly name: ObjectName;
      readonly alias: string | undefined;
      /** WITH (UPDLOCK) or WITH (XLOCK): the rows read from it are locked until the transaction ends. */
      readonly updlock: boolean;
    }
  | { readonly k: 'derived'; readonly select: Select; readonly alias: string };

export interface Join {
  readonly type: 'inner' | 'left' | 'cross';
  readonly source: TableSource;
  readonly on: Expr | undefined;
}

export interface FromClause {
  readonly first: TableSource;
  readonly joins: readonly Join[];
}

export type SelectItem =
  | { readonly k: 'star'; readonly qualifier: string | undefined }
  | { readonly k: 'expr'; readonly e: Expr; readonly alias: string | undefined }
  /** SELECT @v = expr */
  | { readonly k: 'assign'; readonly variable: string; readonly e: Expr };

export interface Select {
  readonly k: 'select';
  readonly distinct: boolean;
  readonly top: Expr | undefined;
  readonly items: readonly SelectItem[];
  readonly from: FromClause | undefined;
  readonly where: Expr | undefined;
  readonly groupBy: readonly Expr[];
  readonly having: Expr | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly offset: Expr | undefined;
  readonly fetch: Expr | undefined;
  /** UNION [ALL] / EXCEPT / INTERSECT parts after the first (their own ORDER BY is not allowed). */
  readonly compound: readonly {
    readonly op: 'UNION' | 'UNION ALL' | 'EXCEPT' | 'INTERSECT';
    readonly select: Select;
  }[];
  /** WITH name [(columns)] AS (...): non-recursive common table expressions, visible in this SELECT. */
  readonly ctes: readonly Cte[];
}

export interface Cte {
  readonly name: string;
  readonly columns: readonly string[] | undefined;
  readonly select: Select;
}

export interface OutputClause {
  readonly items: readonly {
    readonly e: Expr;
    readonly alias: string | undefined;
    readonly star?: 'inserted' | 'deleted';
  }[];
}

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  readonly defaultExpr: Expr | undefined;
  readonly defaultText: string | undefined;
  readonly unique: 'primary' | 'unique' | undefined;
  readonly constraintName: string | undefined;
}

export interface TableConstraint {
  readonly name: string | undefined;
  readonly kind: 'primary' | 'unique';
  readonly columns: readonly string[];
}

export type Statement =
  | Select
  | {
      readonly k: 'insert';
      readonly table: ObjectName;
      readonly columns: readonly string[] | undefined;
      readonly output: OutputClause | undefined;
      readonly values: readonly (readonly Expr[])[] | undefined;
      readonly select: Select | undefined;
      readonly defaultValues: boolean;
    }
  | {
      readonly k: 'update';
      readonly table: ObjectName;
      readonly alias: string | undefined;
      readonly sets: readonly { readonly column: string; readonly op: string; readonly e: Expr }[];
      readonly output: OutputClause | undefined;
      readonly from: FromClause | undefined;
      readonly where: Expr | undefined;
      readonly top: Expr | undefined;
    }
  | {
      readonly k: 'delete';
      readonly table: ObjectName;
      readonly output: OutputClause | undefined;
      readonly where: Expr | undefined;
      readonly top: Expr | undefined;
    }
  | { readonly k: 'begin' }
  | { readonly k: 'commit' }
  | { readonly k: 'rollback' }
  | { readonly k: 'set'; readonly option: string }
  | { readonly k: 'setVar'; readonly variable: string; readonly op: string; readonly e: Expr }
  | {
      readonly k: 'declare';
      readonly vars: readonly {
        readonly name: string;
        readonly type: SqlType;
        readonly init: Expr | undefined;
      }[];
    }
  | {
      readonly k: 'createTable';
      readonly table: ObjectName;
      readonly columns: readonly ColumnDef[];
      readonly constraints: readonly TableConstraint[];
    }
  | {
      readonly k: 'createIndex';
      readonly name: string;
      readonly table: ObjectName;
      readonly unique: boolean;
      readonly columns: readonly string[];
    }
  | { readonly k: 'dropTable'; readonly table: ObjectName; readonly ifExists: boolean };
