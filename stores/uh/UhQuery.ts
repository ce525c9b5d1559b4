/**
 * One SQL request to UH, as data: a stable name (metrics, snapshots), parameterized T-SQL, and typed
 * parameters. Loaders and mutations build these; only UhStore turns them into driver calls.
 */
export type UhParamType =
  | { readonly type: 'char'; readonly length: number }
  | { readonly type: 'varchar'; readonly length: number }
  | { readonly type: 'nvarchar'; readonly length: number }
  | { readonly type: 'int' }
  | { readonly type: 'smallint' }
  | { readonly type: 'bit' }
  | { readonly type: 'numeric'; readonly precision: number; readonly scale: number }
  | { readonly type: 'date' }
  | { readonly type: 'datetime' }
  | { readonly type: 'smalldatetime' }
  /** Rowversions (8 bytes) as forward capture's checkpoints compare them. */
  | { readonly type: 'varbinary'; readonly length: number };

export type UhParam = UhParamType & {
  readonly name: string;
  readonly value: string | number | boolean | Date | Buffer | null;
};

export interface UhQuery {
  readonly name: string;
  readonly text: string;
  readonly params: readonly UhParam[];
  /** A batch of several statements: the name of each, in order (tests and snapshots list them). */
  readonly statements?: readonly string[];
}

/**
 * The keys a read is for, as SQL to put inside `IN (...)`: a list of parameters (what a loader sends), or a
 * subquery selecting one column of the rows another statement of the same batch reads (what a look-ahead
 * sends, so the keys of one level need not come back to the client before the next level is asked for).
 */
export interface KeySource {
  readonly sql: string;
  readonly params: readonly UhParam[];
}

/** Keys as a bounded list of parameters @<prefix>0, @<prefix>1 ... */
export function keyList(prefix: string, values: readonly string[], type: UhParamType): KeySource {
  return listParams(prefix, values, type);
}

/**
 * The same SQL with each of its parameters renamed @<prefix><name>, so statements (or a statement and the
 * subquery it embeds) that use the same names can share one request. Parameter names are words after a
 * single @ (@@ROWCOUNT and the like are not parameters); the project's SQL has no @ inside string literals.
 */
export function prefixParams<
  Q extends { readonly text?: string; readonly sql?: string; readonly params: readonly UhParam[] },
>(query: Q, prefix: string): Q {
  const names = new Set(query.params.map((param) => param.name.toLowerCase()));
  const rename = (text: string) =>
    text.replace(/(?<![@\w])@(\w+)/g, (whole, name: string) =>
      names.has(name.toLowerCase()) ? `@${prefix}${name}` : whole,
    );
  return {
    ...query,
    ...(query.text === undefined ? {} : { text: rename(query.text) }),
    ...(query.sql === undefined ? {} : { sql: rename(query.sql) }),
    params: query.params.map((param) => ({ ...param, name: `${prefix}${param.name}` })),
  };
}

/**
 * SQL Server allows 2,100 parameters per request; this project stays far below, so one batch can never
 * fail on that limit whatever the list size (loaders cap maxBatchSize from this).
 */
export const MAX_PARAMS_PER_REQUEST = 1000;

/** Parameter names for a list: @p0, @p1, ... as one IN (...) of a bounded size. */
export function listParams(
  prefix: string,
  values: readonly string[],
  type: UhParamType,
): { sql: string; params: UhParam[] } {
  if (values.length === 0 || values.length > MAX_PARAMS_PER_REQUEST) {
    throw new RangeError(
      `expected 1 to ${MAX_PARAMS_PER_REQUEST} values for @${prefix}*, got ${values.length}`,
    );
  }
  const params = values.map((value, index) => ({ ...type, name: `${prefix}${index}`, value }));
  return { sql: params.map((param) => `@${param.name}`).join(', '), params };
}
