import type { FromClause, OrderItem, Select, TableSource } from './ast';
import { Scope, type Compiled, type CompileContext, type Source, type SourceColumn } from './CompileContext';
import { compileExpr } from './compileExpression';
import { orderTerm, resultType } from './compiledOperands';
import { convertExpr } from './convertExpr';
import { sqlError, unsupported } from './sqlErrors';
import { T } from './sqlTypes';
import type { SqlType } from './types';
import { UPDATE_LOCK_FUNCTION } from './UpdateLockReads';

export interface SelectColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

export interface CompiledSelect {
  readonly sql: string;
  readonly columns: readonly SelectColumn[];
  /** SELECT @v = expr ...: the variables assigned, in column order. */
  readonly assigns: readonly string[] | undefined;
}

/** Output column i is aliased __c<i> in the SQLite statement. */
export function columnAlias(i: number): string {
  return `"__c${i}"`;
}

export function compileSelect(sel: Select, outer: Scope | undefined, ctx: CompileContext): CompiledSelect {
  if (sel.ctes.length === 0 && sel.compound.length === 0) return compileCore(sel, outer, ctx);
  const added: string[] = [];
  try {
    for (const cte of sel.ctes) {
      const key = cte.name.toLowerCase();
      ctx.ctes.set(key, cte);
      added.push(key);
    }
    const body = { ...sel, ctes: [] };
    return sel.compound.length === 0 ? compileCore(body, outer, ctx) : compileCompound(body, outer, ctx);
  } finally {
    for (const key of added) ctx.ctes.delete(key);
  }
}

/** first UNION ALL second ...: parts brought to common column types; ORDER BY names output columns. */
function compileCompound(sel: Select, outer: Scope | undefined, ctx: CompileContext): CompiledSelect {
  const first = compileCore(
    { ...sel, orderBy: [], offset: undefined, fetch: undefined, compound: [] },
    outer,
    ctx,
  );
  const others = sel.compound.map((c) => ({ op: c.op, part: compileSelect(c.select, outer, ctx) }));
  const parts = [first, ...others.map((o) => o.part)];
  for (const p of parts) {
    if (p.columns.length !== first.columns.length) {
      throw sqlError(
        205,
        'All queries combined using a UNION, INTERSECT or EXCEPT operator must have an equal number of expressions in their target lists.',
      );
    }
  }
  const types = first.columns.map((_, i) =>
    resultType(parts.map((p) => ({ sql: '', type: p.columns[i]!.type, nullable: p.columns[i]!.nullable }))),
  );
  const wrap = (p: CompiledSelect): string =>
    `SELECT ${p.columns.map((c, i) => `${convertExpr({ sql: columnAlias(i), type: c.type, nullable: c.nullable }, types[i]!, 'implicit', ctx).sql} AS ${columnAlias(i)}`).join(', ')} FROM (${p.sql})`;
  let sql = wrap(first);
  for (const o of others) sql += ` ${o.op} ${wrap(o.part)}`;
  const columns = first.columns.map((c, i) => ({
    name: c.name,
    type: types[i]!,
    nullable: parts.some((p) => p.columns[i]!.nullable),
  }));
  if (sel.orderBy.length || sel.offset !== undefined || sel.fetch !== undefined) {
    const terms = sel.orderBy.map((o) => {
      let i = -1;
      if (o.e.k === 'col' && o.e.qualifier === undefined) {
        const lower = o.e.name.toLowerCase();
        i = columns.findIndex((c) => c.name.toLowerCase() === lower);
      } else if (o.e.k === 'num' && /^\d+$/.test(o.e.text)) i = Number(o.e.text) - 1;
      const col = columns[i];
      if (col === undefined)
        throw sqlError(
          104,
          'ORDER BY items must appear in the select list if the statement contains a UNION, INTERSECT or EXCEPT operator.',
        );
      return orderTerm({ sql: columnAlias(i), type: col.type, nullable: col.nullable }, o.desc);
    });
    sql = `SELECT * FROM (${sql})`;
    if (terms.length) sql += ` ORDER BY ${terms.join(', ')}`;
    const scope = new Scope(outer);
    if (sel.fetch !== undefined) sql += ` LIMIT ${intExpr(compileExpr(sel.fetch, scope, ctx), ctx)}`;
    else if (sel.offset !== undefined) sql += ' LIMIT -1';
    if (sel.offset !== undefined) sql += ` OFFSET ${intExpr(compileExpr(sel.offset, scope, ctx), ctx)}`;
  }
  return { sql, columns, assigns: undefined };
}

function compileCore(sel: Select, outer: Scope | undefined, ctx: CompileContext): CompiledSelect {
  const scope = new Scope(outer);
  const from = sel.from === undefined ? undefined : compileFrom(sel.from, scope, ctx);
  const fromSql = from === undefined ? '' : ` FROM ${from.sql}`;
  const items: { c: Compiled; name: string }[] = [];
  const assigns: string[] = [];
  for (const item of sel.items) {
    if (item.k === 'star') {
      const q = item.qualifier?.toLowerCase();
      const sources = scope.sources.filter((s) => q === undefined || s.names.includes(q));
      if (q !== undefined && sources.length === 0)
        throw sqlError(4104, `The multi-part identifier "${item.qualifier}" could not be bound.`);
      if (sources.length === 0) throw sqlError(263, 'Must specify table to select from.');
      for (const s of sources) {
        for (const col of s.columns) {
          items.push({
            c: {
              sql: `${s.sqlAlias}."${col.name}"`,
              type: col.type,
              nullable: col.nullable || s.outer,
              column: true,
            },
            name: col.display ?? col.name,
          });
        }
      }
      continue;
    }
    const c = compileExpr(item.e, scope, ctx);
    if (item.k === 'assign') {
      assigns.push(item.variable);
      const target = ctx.variable(item.variable).type;
      items.push({ c: convertExpr(c, target, 'assign', ctx), name: '' });
      continue;
    }
    items.push({ c, name: item.alias ?? c.name ?? '' });
  }
  if (assigns.length > 0 && assigns.length !== items.length)
    throw sqlError(
      141,
      'A SELECT statement that assigns a value to a variable must not be combined with data-retrieval operations.',
    );
  const selectList = items.map((it, i) => `${it.c.sql} AS ${columnAlias(i)}`).join(', ');
  let sql = `SELECT ${sel.distinct ? 'DISTINCT ' : ''}${selectList}${fromSql}`;
  const where = sel.where === undefined ? undefined : compileExpr(sel.where, scope, ctx).sql;
  sql += whereSql(where, from?.locks ?? [], [
    ...(where === undefined ? [] : [where]),
    ...(from?.innerOn ?? []),
  ]);
  if (sel.groupBy.length)
    sql += ` GROUP BY ${sel.groupBy.map((g) => compileExpr(g, scope, ctx).sql).join(', ')}`;
  if (sel.having) sql += ` HAVING ${compileExpr(sel.having, scope, ctx).sql}`;
  if (sel.orderBy.length) sql += ` ORDER BY ${compileOrder(sel.orderBy, items, scope, ctx).join(', ')}`;
  const limit = sel.top ?? sel.fetch;
  if (limit !== undefined) sql += ` LIMIT ${intExpr(compileExpr(limit, scope, ctx), ctx)}`;
  else if (sel.offset !== undefined) sql += ' LIMIT -1';
  if (sel.offset !== undefined) sql += ` OFFSET ${intExpr(compileExpr(sel.offset, scope, ctx), ctx)}`;
  return {
    sql,
    columns: items.map((it) => ({ name: it.name, type: it.c.type, nullable: it.c.nullable })),
    assigns: assigns.length ? assigns : undefined,
  };
}

function intExpr(c: Compiled, ctx: CompileContext): string {
  return convertExpr(c, T.bigint, 'implicit', ctx).sql;
}

/** ORDER BY may name a select-list alias or position; otherwise it is an expression over the sources. */
function compileOrder(
  order: readonly OrderItem[],
  items: readonly { c: Compiled; name: string }[],
  scope: Scope,
  ctx: CompileContext,
): string[] {
  return order.map((o) => {
    if (o.e.k === 'col' && o.e.qualifier === undefined) {
      const lower = o.e.name.toLowerCase();
      const i = items.findIndex((it) => it.name.toLowerCase() === lower);
      if (i >= 0 && !(items[i]!.c.column && items[i]!.c.name?.toLowerCase() === lower))
        return orderTerm({ ...items[i]!.c, sql: columnAlias(i) }, o.desc);
    }
    if (o.e.k === 'num' && /^\d+$/.test(o.e.text)) {
      const i = Number(o.e.text) - 1;
      const it = items[i];
      if (it === undefined)
        throw sqlError(
          108,
          `The ORDER BY position number ${o.e.text} is out of range of the number of items in the select list.`,
        );
      return orderTerm({ ...it.c, sql: columnAlias(i) }, o.desc);
    }
    return orderTerm(compileExpr(o.e, scope, ctx), o.desc);
  });
}

/**
 * The FROM clause; the update-lock terms (see updateLockTerm) of its WITH (UPDLOCK) tables that belong in the
 * WHERE clause (the first table's, CROSS and INNER JOINs'); and the INNER JOIN conditions, which with the
 * WHERE decide which rows those tables give the statement. A LEFT JOINed table's term joins its ON.
 */
function compileFrom(
  from: FromClause,
  scope: Scope,
  ctx: CompileContext,
): { sql: string; locks: string[]; innerOn: string[] } {
  const locks: string[] = [];
  const innerOn: string[] = [];
  let sql = addSource(from.first, scope, ctx, false, locks);
  for (const j of from.joins) {
    const left = j.type === 'left';
    const own: string[] = [];
    const src = addSource(j.source, scope, ctx, left, left ? own : locks);
    if (j.type === 'cross') {
      sql += ` CROSS JOIN ${src}`;
      continue;
    }
    const on = compileExpr(j.on!, scope, ctx).sql;
    if (!left) innerOn.push(on);
    sql += ` ${left ? 'LEFT' : 'INNER'} JOIN ${src} ON ${withLockTerms(on, own)!}`;
  }
  return { sql, locks, innerOn };
}

/**
 * A table read WITH (UPDLOCK) or (XLOCK) adds `uh_updlock('table', alias.rowid)`, always true, to report each
 * of its rows the statement reads to the session, which locks them (SessionTransaction). SQLite may test a
 * function before the other conditions (even while building an automatic index), so withLockTerms guards it
 * with those conditions: the rows reported are those of the table in the joined rows that meet the statement's
 * conditions (before GROUP BY, HAVING and TOP), as SQL Server's U locks cover the rows its plan reads
 * (https://learn.microsoft.com/sql/t-sql/queries/hints-transact-sql-table).
 */
export function updateLockTerm(sqliteName: string, sqlAlias: string): string {
  return `${UPDATE_LOCK_FUNCTION}('${sqliteName.replace(/'/g, "''")}', ${sqlAlias}.rowid)`;
}

/** `cond AND <lock terms>`, each lock term calling uh_updlock only when every `guard` (by default cond) holds. */
export function withLockTerms(
  cond: string | undefined,
  locks: readonly string[],
  guard: readonly string[] = cond === undefined ? [] : [cond],
): string | undefined {
  if (locks.length === 0) return cond;
  const when = guard.map((g) => `(${g})`).join(' AND ');
  const terms = locks.map((l) => (when === '' ? l : `CASE WHEN ${when} THEN ${l} ELSE 1 END`));
  return [...(cond === undefined ? [] : [`(${cond})`]), ...terms].join(' AND ');
}

/** ` WHERE cond` with the update-lock terms (see withLockTerms), or nothing. */
export function whereSql(
  cond: string | undefined,
  locks: readonly string[],
  guard?: readonly string[],
): string {
  const all = withLockTerms(cond, locks, guard ?? (cond === undefined ? [] : [cond]));
  return all === undefined ? '' : ` WHERE ${all}`;
}

/** Adds a FROM source to `scope`; a WITH (UPDLOCK) table's lock term goes to `locks`. */
export function addSource(
  ts: TableSource,
  scope: Scope,
  ctx: CompileContext,
  outer: boolean,
  locks: string[],
): string {
  const sqlAlias = ctx.nextAlias();
  if (ts.k === 'table' && ts.name.schema === undefined && ctx.ctes.has(ts.name.name.toLowerCase())) {
    return addCte(ts.name.name, ts.alias, sqlAlias, scope, ctx, outer);
  }
  if (ts.k === 'table') {
    const table = ctx.catalog.resolve(ts.name);
    const names = ts.alias !== undefined ? [ts.alias.toLowerCase()] : [table.name.toLowerCase()];
    const columns: SourceColumn[] = table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
    }));
    scope.sources.push(makeSource(names, sqlAlias, columns, outer));
    if (ts.updlock) locks.push(updateLockTerm(table.sqliteName, sqlAlias));
    return `"${table.sqliteName}" AS ${sqlAlias}`;
  }
  const sub = compileSelect(ts.select, scope.parent, ctx);
  sub.columns.forEach((c, i) => {
    if (c.name === '')
      throw sqlError(8155, `No column name was specified for column ${i + 1} of '${ts.alias}'.`);
  });
  const columns = sub.columns.map((c, i) => ({
    name: `__c${i}`,
    display: c.name,
    type: c.type,
    nullable: c.nullable,
  }));
  // Derived-table columns are addressed by their positional alias in SQL, by their name in T-SQL.
  scope.sources.push({
    names: [ts.alias.toLowerCase()],
    sqlAlias,
    outer,
    byName: new Map(columns.map((c) => [c.display.toLowerCase(), c] as const)),
    columns,
  });
  return `(${sub.sql}) AS ${sqlAlias}`;
}

/** A CTE reference compiles as a derived table of its body (inlined at each use). */
function addCte(
  name: string,
  alias: string | undefined,
  sqlAlias: string,
  scope: Scope,
  ctx: CompileContext,
  outer: boolean,
): string {
  const key = name.toLowerCase();
  const cte = ctx.ctes.get(key);
  if (cte === null || cte === undefined) throw unsupported('recursive common table expressions are');
  ctx.ctes.set(key, null);
  let sub: CompiledSelect;
  try {
    sub = compileSelect(cte.select, undefined, ctx);
  } finally {
    ctx.ctes.set(key, cte);
  }
  const names = cte.columns ?? sub.columns.map((c) => c.name);
  if (names.length !== sub.columns.length)
    throw sqlError(8158, `'${cte.name}' has more columns than were specified in the column list.`);
  names.forEach((n, i) => {
    if (n === '') throw sqlError(8155, `No column name was specified for column ${i + 1} of '${cte.name}'.`);
  });
  const columns = sub.columns.map((c, i) => ({
    name: `__c${i}`,
    display: names[i]!,
    type: c.type,
    nullable: c.nullable,
  }));
  scope.sources.push({
    names: [(alias ?? name).toLowerCase()],
    sqlAlias,
    outer,
    byName: new Map(columns.map((c) => [c.display.toLowerCase(), c] as const)),
    columns,
  });
  return `(${sub.sql}) AS ${sqlAlias}`;
}

function makeSource(names: string[], sqlAlias: string, columns: SourceColumn[], outer: boolean): Source {
  return {
    names,
    sqlAlias,
    columns,
    byName: new Map(columns.map((c) => [c.name.toLowerCase(), c] as const)),
    outer,
    stored: true,
  };
}
