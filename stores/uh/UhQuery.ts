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
