import type { Cte, Expr, Select } from './ast';
import type { Catalog } from './Catalog';
import type { ExplicitCollation } from './collation';
import type { CompiledSelect } from './compileSelect';
import type { Conversions } from './Conversions';
import type { Stored } from './convertValue';
import { ERR, sqlError } from './sqlErrors';
import type { SqlType } from './types';

/** A compiled expression: SQLite SQL text plus the SQL Server type it has. */
export interface Compiled {
  readonly sql: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  /** Known at compile time (literals, folded conversions), in stored form. */
  readonly constant?: { readonly value: Stored };
  /** A bare string column: SQLite compares it with the column's RTRIM collation already. */
  readonly column?: boolean;
  /** A stored char(n) column value: it has no trailing spaces, so comparisons need not rtrim it (keeps indexes usable). */
  readonly noTrailing?: boolean;
  /** A char(n) value that may be held without its trailing spaces (columns, params, variables): pad before string work. */
  readonly trimmed?: boolean;
  readonly aggregate?: boolean;
  /** A string given a collation by COLLATE (or derived from one that was): it decides how it compares. */
  readonly collation?: ExplicitCollation;
  /** Output name when used as a select item without alias. */
  readonly name?: string;
}

export interface SourceColumn {
  /** Name in SQLite SQL. */
  readonly name: string;
  /** Name in T-SQL when it differs (derived-table columns). */
  readonly display?: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

/** One table or derived table in a FROM clause, under its SQL alias (t0, t1...). */
export interface Source {
  /** Names it can be referred to by (alias, or table name when unaliased), lower-case. */
  readonly names: readonly string[];
  readonly sqlAlias: string;
  readonly columns: readonly SourceColumn[];
  readonly byName: ReadonlyMap<string, SourceColumn>;
  /** Columns may be NULL regardless of their type (right side of a LEFT JOIN). */
  readonly outer: boolean;
  /** A real table (char columns hold values without trailing spaces), not a derived table. */
  readonly stored?: boolean;
}

export class Scope {
  readonly sources: Source[] = [];
  constructor(readonly parent: Scope | undefined) {}
}

/** Names used in compiled SQL for session values bound per execution. */
export const SYS = { trancount: '$sys_trancount', rowcount: '$sys_rowcount', spid: '$sys_spid' } as const;

export function paramKey(name: string): string {
  const lower = name.toLowerCase();
  return /^[a-z0-9_]+$/.test(lower) ? `$p_${lower}` : `$x_${Buffer.from(lower).toString('hex')}`;
}

/**
 * The two ways back into the grammar from below: an expression inside a function call or a SELECT list,
 * and a subquery inside an expression. The compilers of those parts call them through the context instead
 * of importing compileExpr / compileSelect, which import them (SQL's grammar is recursive; the modules
 * need not be): compileGrammar.ts wires the real ones in.
 */
export interface Grammar {
  expr(e: Expr, scope: Scope, ctx: CompileContext): Compiled;
  select(sel: Select, outer: Scope | undefined, ctx: CompileContext): CompiledSelect;
}

/** Per-batch compile state: parameter and variable types, CTEs in scope, alias counter. */
export class CompileContext {
  private aliasCounter = 0;
  /** Common table expressions in scope, by lower-case name (null while its own body compiles). */
  readonly ctes = new Map<string, Cte | null>();
  /** Variables DECLAREd by this batch (as opposed to RPC parameters). */
  readonly declared = new Set<string>();

  constructor(
    readonly catalog: Catalog,
    readonly conversions: Conversions,
    /** Parameters and DECLAREd variables by lower-case name. */
    readonly variables: Map<string, SqlType>,
    private readonly grammar: Grammar,
  ) {}

  compileExpr(e: Expr, scope: Scope): Compiled {
    return this.grammar.expr(e, scope, this);
  }

  compileSelect(sel: Select, outer: Scope | undefined): CompiledSelect {
    return this.grammar.select(sel, outer, this);
  }

  nextAlias(): string {
    return `t${this.aliasCounter++}`;
  }

  variable(name: string): { key: string; type: SqlType } {
    const type = this.variables.get(name.toLowerCase());
    if (type === undefined) throw sqlError(ERR.MUST_DECLARE, `Must declare the scalar variable "@${name}".`);
    return { key: paramKey(name), type };
  }

  /** A session value (@@TRANCOUNT ...) bound on every execution. */
  useSys(key: string): string {
    return key;
  }
}
