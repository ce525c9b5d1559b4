import type { Expr, OutputClause, Statement } from './ast';
import type { ResolvedTable } from './Catalog';
import { decoderFor } from './codec';
import { Scope, type Compiled, type CompileContext, type SourceColumn } from './CompileContext';
import { compileExpr } from './compileExpression';
import { addSource, compileSelect, whereSql } from './compileSelect';
import { convertExpr } from './convertExpr';
import { ERR, invalidColumn, sqlError, unsupported } from './sqlErrors';
import type { OutputShape, StatementPlan } from './StatementPlan';

type Insert = Extract<Statement, { k: 'insert' }>;
type Update = Extract<Statement, { k: 'update' }>;
type Delete = Extract<Statement, { k: 'delete' }>;

function column(table: ResolvedTable, name: string) {
  const c = table.byName.get(name.toLowerCase());
  if (c === undefined) throw invalidColumn(name);
  return c;
}

/** The value a column takes when an INSERT does not list it: its DEFAULT, a new rowversion, or NULL. */
function defaultValue(
  table: ResolvedTable,
  col: ResolvedTable['columns'][number],
  ctx: CompileContext,
): string {
  if (col.type.name === 'rowversion') return 'uh_next_rv()';
  if (col.defaultExpr === undefined) return 'NULL';
  return convertExpr(compileExpr(col.defaultExpr, new Scope(undefined), ctx), col.type, 'assign', ctx).sql;
}

/** OUTPUT inserted.x / deleted.x compiled for SQLite's RETURNING (which sees the written row). */
function compileOutput(
  output: OutputClause | undefined,
  table: ResolvedTable,
  pseudo: 'inserted' | 'deleted',
  ctx: CompileContext,
): { sql: string; shape: OutputShape } | undefined {
  if (output === undefined) return undefined;
  const scope = new Scope(undefined);
  const columns: SourceColumn[] = table.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
  }));
  scope.sources.push({
    names: [pseudo],
    sqlAlias: '',
    columns,
    byName: new Map(columns.map((c) => [c.name.toLowerCase(), c] as const)),
    outer: false,
    stored: true,
  });
  const items: { c: Compiled; name: string }[] = [];
  for (const item of output.items) {
    if (item.star !== undefined) {
      if (item.star !== pseudo) throw unsupported(`OUTPUT ${item.star}.* on this statement is`);
      for (const c of table.columns)
        items.push({ c: { sql: `"${c.name}"`, type: c.type, nullable: c.nullable }, name: c.name });
      continue;
    }
    const other = pseudo === 'inserted' ? 'deleted' : 'inserted';
    if (mentions(item.e, other)) throw unsupported(`OUTPUT ${other}.<column> on this statement is`);
    const c = compileExpr(item.e, scope, ctx);
    items.push({ c, name: item.alias ?? c.name ?? '' });
  }
  return {
    sql: ` RETURNING ${items.map((i) => i.c.sql.replace(/(^|[^\w"])\."/g, '$1"')).join(', ')}`,
    shape: {
      columns: items.map((i) => ({ name: i.name, type: i.c.type, nullable: i.c.nullable })),
      decoders: items.map((i) => decoderFor(i.c.type)),
    },
  };
}

function mentions(e: Expr, qualifier: string): boolean {
  return JSON.stringify(e).toLowerCase().includes(`"qualifier":"${qualifier}"`);
}

export function compileInsert(stmt: Insert, ctx: CompileContext): StatementPlan {
  const table = ctx.catalog.resolve(stmt.table);
  const listed = stmt.defaultValues
    ? []
    : stmt.columns === undefined
      ? table.columns.filter((c) => c.type.name !== 'rowversion')
      : stmt.columns.map((n) => column(table, n));
  for (const c of listed) {
    if (c.type.name === 'rowversion') {
      throw sqlError(
        ERR.ROWVERSION_WRITE,
        'Cannot insert an explicit value into a timestamp column. Use INSERT with a column list to exclude the timestamp column, or insert a DEFAULT into the timestamp column.',
      );
    }
  }
  const names = table.columns.map((c) => `"${c.name}"`).join(', ');
  const rowExprs = (values: (string | undefined)[]): string[] =>
    table.columns.map((col) => {
      const i = listed.indexOf(col);
      return i >= 0 ? values[i]! : defaultValue(table, col, ctx);
    });
  const out = compileOutput(stmt.output, table, 'inserted', ctx);
  // Rowids come from the engine-wide allocator: another open transaction may have inserted rows (with
  // rowids above the committed ones) that this session cannot see. See RowidAllocator.
  const head = `INSERT INTO "${table.sqliteName}" (rowid, ${names})`;
  const rowid = `uh_next_rowid('${table.sqliteName.replace(/'/g, "''")}')`;
  let sql: string;
  let probeSql: string;
  const probeOf = (exprs: string[]): string =>
    exprs.map((x, i) => (table.columns[i]!.type.name === 'rowversion' ? 'NULL' : x)).join(', ');
  if (stmt.values !== undefined) {
    const rows = stmt.values.map((row) => {
      if (row.length !== listed.length) {
        throw sqlError(
          row.length > listed.length ? ERR.COLUMN_COUNT : 109,
          row.length > listed.length
            ? 'There are fewer columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.'
            : 'There are more columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.',
        );
      }
      return rowExprs(
        row.map(
          (e, i) =>
            convertExpr(compileExpr(e, new Scope(undefined), ctx), listed[i]!.type, 'assign', ctx).sql,
        ),
      );
    });
    sql = `${head} VALUES ${rows.map((r) => `(${rowid}, ${r.join(', ')})`).join(', ')}`;
    probeSql = rows.map((r) => `SELECT ${probeOf(r)}`).join(' UNION ALL ');
  } else if (stmt.select !== undefined) {
    const sub = compileSelect(stmt.select, undefined, ctx);
    if (sub.columns.length !== listed.length) {
      throw sqlError(
        ERR.INSERT_COLUMN_COUNT,
        sub.columns.length < listed.length
          ? 'The select list for the INSERT statement contains fewer items than the insert list. The number of SELECT values must match the number of INSERT columns.'
          : 'The select list for the INSERT statement contains more items than the insert list. The number of SELECT values must match the number of INSERT columns.',
      );
    }
    const values = sub.columns.map(
      (c, i) =>
        convertExpr(
          { sql: `s."__c${i}"`, type: c.type, nullable: c.nullable },
          listed[i]!.type,
          'assign',
          ctx,
        ).sql,
    );
    const exprs = rowExprs(values);
    // "WHERE true" keeps SQLite from reading a following ON as an upsert clause.
    sql = `${head} SELECT ${rowid}, ${exprs.join(', ')} FROM (${sub.sql}) AS s WHERE true`;
    probeSql = `SELECT ${probeOf(exprs)} FROM (${sub.sql}) AS s`;
  } else {
    const exprs = rowExprs([]);
    sql = `${head} VALUES (${rowid}, ${exprs.join(', ')})`;
    probeSql = `SELECT ${probeOf(exprs)}`;
  }
  return { k: 'write', verb: 'INSERT', sql: sql + (out?.sql ?? ''), table, output: out?.shape, probeSql };
}

function targetScope(
  table: ResolvedTable,
  ctx: CompileContext,
  names?: string[],
): { scope: Scope; alias: string } {
  const alias = ctx.nextAlias();
  const scope = new Scope(undefined);
  const columns: SourceColumn[] = table.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
  }));
  scope.sources.push({
    names: names ?? [table.name.toLowerCase()],
    sqlAlias: alias,
    columns,
    byName: new Map(columns.map((c) => [c.name.toLowerCase(), c] as const)),
    outer: false,
    stored: true,
  });
  return { scope, alias };
}

function whereClause(
  where: Expr | undefined,
  top: Expr | undefined,
  table: ResolvedTable,
  alias: string,
  scope: Scope,
  ctx: CompileContext,
  locks: readonly string[] = [],
): string {
  const cond = whereSql(where === undefined ? undefined : compileExpr(where, scope, ctx).sql, locks);
  if (top === undefined) return cond;
  const limit = convertExpr(
    compileExpr(top, new Scope(undefined), ctx),
    { name: 'bigint' },
    'implicit',
    ctx,
  ).sql;
  return ` WHERE rowid IN (SELECT ${alias}.rowid FROM "${table.sqliteName}" AS ${alias}${cond} LIMIT ${limit})`;
}

/**
 * UPDATE t SET ... FROM t JOIN x ON ... WHERE ...: the target (by alias or name) leaves the FROM list,
 * the other sources become SQLite's UPDATE ... FROM, and INNER JOIN conditions join the WHERE.
 */
function updateFrom(
  stmt: Update,
  ctx: CompileContext,
): {
  table: ResolvedTable;
  scope: Scope;
  alias: string;
  from: string;
  conditions: Expr[];
  locks: string[];
} {
  const from = stmt.from!;
  const target = stmt.table;
  const all = [
    { type: 'inner' as const, source: from.first, on: undefined as Expr | undefined },
    ...from.joins,
  ];
  const lower = target.name.toLowerCase();
  const index =
    target.schema === undefined && target.database === undefined
      ? all.findIndex(
          (j) => j.source.k === 'table' && (j.source.alias ?? j.source.name.name).toLowerCase() === lower,
        )
      : -1;
  const hit = index >= 0 ? all[index]!.source : undefined;
  const table = ctx.catalog.resolve(hit !== undefined && hit.k === 'table' ? hit.name : target);
  const names =
    hit !== undefined && hit.k === 'table' && hit.alias !== undefined
      ? [hit.alias.toLowerCase()]
      : [table.name.toLowerCase()];
  const { scope, alias } = targetScope(table, ctx, names);
  const conditions: Expr[] = [];
  const sources: string[] = [];
  const locks: string[] = [];
  all.forEach((j, i) => {
    if (j.type === 'left') throw unsupported('UPDATE ... FROM with LEFT JOIN is');
    if (i !== index) sources.push(addSource(j.source, scope, ctx, false, locks));
    if (j.on !== undefined) conditions.push(j.on);
  });
  return {
    table,
    scope,
    alias,
    from: sources.length ? ` FROM ${sources.join(', ')}` : '',
    conditions,
    locks,
  };
}

export function compileUpdate(stmt: Update, ctx: CompileContext): StatementPlan {
  if (stmt.from !== undefined && stmt.top !== undefined) throw unsupported('UPDATE TOP ... FROM is');
  const joined = stmt.from === undefined ? undefined : updateFrom(stmt, ctx);
  const table = joined?.table ?? ctx.catalog.resolve(stmt.table);
  const { scope, alias } = joined ?? targetScope(table, ctx);
  const fromSql = joined?.from ?? '';
  const whereExpr = [...(joined?.conditions ?? []), ...(stmt.where ? [stmt.where] : [])].reduce<
    Expr | undefined
  >((acc, e) => (acc === undefined ? e : { k: 'binop', op: 'AND', l: acc, r: e }), undefined);
  const assignments = new Map<string, string>();
  for (const set of stmt.sets) {
    const col = column(table, set.column);
    if (col.type.name === 'rowversion') throw sqlError(272, 'Cannot update a timestamp column.');
    let e: Expr = set.e;
    if (set.op !== '=')
      e = { k: 'binop', op: set.op[0]!, l: { k: 'col', qualifier: undefined, name: col.name }, r: set.e };
    assignments.set(col.name, convertExpr(compileExpr(e, scope, ctx), col.type, 'assign', ctx).sql);
  }
  if (table.rowversion !== undefined) assignments.set(table.rowversion.name, 'uh_next_rv()');
  const out = compileOutput(stmt.output, table, 'inserted', ctx);
  const where = whereClause(whereExpr, stmt.top, table, alias, scope, ctx, joined?.locks);
  const sets = [...assignments].map(([c, v]) => `"${c}" = ${v}`).join(', ');
  const probe = table.columns
    .map((c) => (c.type.name === 'rowversion' ? 'NULL' : (assignments.get(c.name) ?? `${alias}."${c.name}"`)))
    .join(', ');
  return {
    k: 'write',
    verb: 'UPDATE',
    sql: `UPDATE "${table.sqliteName}" AS ${alias} SET ${sets}${fromSql}${where}${out?.sql ?? ''}`,
    table,
    output: out?.shape,
    probeSql: `SELECT ${probe}, ${alias}.rowid FROM "${table.sqliteName}" AS ${alias}${fromSql ? `, ${fromSql.slice(6)}` : ''}${where}`,
  };
}

export function compileDelete(stmt: Delete, ctx: CompileContext): StatementPlan {
  const table = ctx.catalog.resolve(stmt.table);
  const { scope, alias } = targetScope(table, ctx);
  const out = compileOutput(stmt.output, table, 'deleted', ctx);
  const where = whereClause(stmt.where, stmt.top, table, alias, scope, ctx);
  return {
    k: 'write',
    verb: 'DELETE',
    sql: `DELETE FROM "${table.sqliteName}" AS ${alias}${where}${out?.sql ?? ''}`,
    table,
    output: out?.shape,
    probeSql: undefined,
  };
}
