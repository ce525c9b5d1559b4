import type { Statement } from './ast';
import { decoderFor } from './codec';
import { paramKey, Scope, type CompileContext } from './CompileContext';
import { compileDelete, compileInsert, compileUpdate } from './compileDml';
import { compileExpr } from './compileExpression';
import { compileSelect } from './compileSelect';
import { convertExpr } from './convertExpr';
import { sqlError } from './sqlErrors';
import type { StatementPlan } from './StatementPlan';

/** Compiles one parsed statement against the current catalog and the batch's parameter/variable types. */
export function compileStatement(stmt: Statement, ctx: CompileContext): StatementPlan {
  switch (stmt.k) {
    case 'select': {
      const sel = compileSelect(stmt, undefined, ctx);
      return {
        k: 'query',
        sql: sel.sql,
        shape: {
          columns: sel.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
          decoders: sel.columns.map((c) => decoderFor(c.type)),
        },
        assigns: sel.assigns?.map((v) => ({ key: paramKey(v).slice(1) })),
      };
    }
    case 'insert':
      return compileInsert(stmt, ctx);
    case 'update':
      return compileUpdate(stmt, ctx);
    case 'delete':
      return compileDelete(stmt, ctx);
    case 'begin':
    case 'commit':
    case 'rollback':
      return { k: stmt.k };
    case 'set':
      return { k: 'set', option: stmt.option };
    case 'declare':
      throw new Error('DECLARE compiles to several plans (compileDeclare)');
    case 'setVar': {
      const v = ctx.variable(stmt.variable);
      const e =
        stmt.op === '='
          ? stmt.e
          : {
              k: 'binop' as const,
              op: stmt.op[0]!,
              l: { k: 'param' as const, name: stmt.variable },
              r: stmt.e,
            };
      const c = convertExpr(compileExpr(e, new Scope(undefined), ctx), v.type, 'assign', ctx);
      return { k: 'assign', key: v.key.slice(1), type: v.type, sql: `SELECT ${c.sql}` };
    }
    case 'createTable':
    case 'createIndex':
    case 'dropTable':
      return { k: 'ddl', statement: stmt };
  }
}

/** DECLARE @a int = 1, @b varchar(10): one assignment plan per variable (declared in order). */
export function compileDeclare(
  stmt: Extract<Statement, { k: 'declare' }>,
  ctx: CompileContext,
): StatementPlan[] {
  return stmt.vars.map((v) => {
    const lower = v.name.toLowerCase();
    if (ctx.variables.has(lower) && ctx.declared.has(lower))
      throw sqlError(
        134,
        `The variable name '@${v.name}' has already been declared. Variable names must be unique within a query batch or stored procedure.`,
      );
    let sql: string | undefined;
    if (v.init !== undefined)
      sql = `SELECT ${convertExpr(compileExpr(v.init, new Scope(undefined), ctx), v.type, 'assign', ctx).sql}`;
    ctx.variables.set(lower, v.type);
    ctx.declared.add(lower);
    return { k: 'assign', key: paramKey(v.name).slice(1), type: v.type, sql };
  });
}
