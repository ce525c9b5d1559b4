import { GRAMMAR } from './compileGrammar';
import type { Catalog } from './Catalog';
import { CompileContext, paramKey } from './CompileContext';
import { compileDeclare, compileStatement } from './compileStatement';
import type { Conversions } from './Conversions';
import { parseBatch, type ParsedStatement } from './parseBatch';
import type { StatementPlan } from './StatementPlan';
import type { Param, SqlType } from './types';

/**
 * A parsed batch and its statements, compiled lazily in order (a batch may create a table and then use
 * it) and kept for reuse while the catalog is unchanged. One per (SQL text, parameter types) per session.
 */
export class BatchPlan {
  readonly statements: readonly ParsedStatement[];
  /** Binding keys for the request's parameters, in the order they arrive. */
  readonly paramKeys: readonly string[];
  private compiled: (StatementPlan[] | undefined)[] = [];
  private ctx: CompileContext;
  private catalogVersion: number;

  constructor(
    sql: string,
    params: readonly Param[],
    private readonly catalog: Catalog,
    private readonly conversions: Conversions,
  ) {
    this.statements = parseBatch(sql);
    this.paramKeys = params.map((p) => paramKey(p.name).slice(1));
    this.ctx = this.freshContext(params);
    this.catalogVersion = catalog.version;
  }

  private paramTypes = new Map<string, SqlType>();

  private freshContext(params: readonly Param[]): CompileContext {
    if (params.length) this.paramTypes = new Map(params.map((p) => [p.name.toLowerCase(), p.type] as const));
    return new CompileContext(this.catalog, this.conversions, new Map(this.paramTypes), GRAMMAR);
  }

  /** The plans for statement i (DECLARE with several variables yields several). */
  plan(i: number): StatementPlan[] {
    if (this.catalog.version !== this.catalogVersion) {
      this.compiled = [];
      this.ctx = this.freshContext([]);
      this.catalogVersion = this.catalog.version;
    }
    let plans = this.compiled[i];
    if (plans === undefined) {
      // Compile every earlier statement first so DECLAREd variables are known.
      for (let j = this.compiled.length; j < i; j++) {
        try {
          this.compileAt(j);
        } catch {
          // An earlier statement that no longer compiles has already run (or failed) in order.
        }
      }
      plans = this.compileAt(i);
    }
    return plans;
  }

  private compileAt(i: number): StatementPlan[] {
    const existing = this.compiled[i];
    if (existing) return existing;
    const stmt = this.statements[i]!.statement;
    const plans = stmt.k === 'declare' ? compileDeclare(stmt, this.ctx) : [compileStatement(stmt, this.ctx)];
    this.compiled[i] = plans;
    return plans;
  }
}
