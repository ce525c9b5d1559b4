import type { SqlType, SqlTypeName } from './types';

/**
 * How each SQL Server type is stored in SQLite (its "category"):
 * str: TEXT (COLLATE NOCASE on columns; char(n) stored without trailing spaces); int and bit: INTEGER; dec: INTEGER scaled by 10^scale (exact);
 * float: REAL; dt: TEXT in a sortable canonical form; rv: INTEGER (the rowversion counter);
 * bin: BLOB; guid: TEXT upper-case.
 */
export type Category = 'str' | 'int' | 'bit' | 'dec' | 'float' | 'dt' | 'rv' | 'bin' | 'guid';

const CATEGORY: Record<SqlTypeName, Category> = {
  char: 'str',
  varchar: 'str',
  nchar: 'str',
  nvarchar: 'str',
  text: 'str',
  ntext: 'str',
  tinyint: 'int',
  smallint: 'int',
  int: 'int',
  bigint: 'int',
  decimal: 'dec',
  numeric: 'dec',
  money: 'dec',
  smallmoney: 'dec',
  bit: 'bit',
  float: 'float',
  real: 'float',
  datetime: 'dt',
  smalldatetime: 'dt',
  datetime2: 'dt',
  date: 'dt',
  time: 'dt',
  rowversion: 'rv',
  binary: 'bin',
  varbinary: 'bin',
  uniqueidentifier: 'guid',
};

export function category(t: SqlType): Category {
  return CATEGORY[t.name];
}

/** SQL Server's data type precedence (higher wins an implicit conversion); docs "Data type precedence". */
const PRECEDENCE: Record<SqlTypeName, number> = {
  datetime2: 30,
  datetime: 29,
  smalldatetime: 28,
  date: 27,
  time: 26,
  float: 25,
  real: 24,
  decimal: 23,
  numeric: 23,
  money: 22,
  smallmoney: 21,
  bigint: 20,
  int: 19,
  smallint: 18,
  tinyint: 17,
  bit: 16,
  ntext: 15,
  text: 14,
  rowversion: 12,
  uniqueidentifier: 11,
  nvarchar: 10,
  nchar: 9,
  varchar: 8,
  char: 7,
  varbinary: 6,
  binary: 5,
};

export function precedence(t: SqlType): number {
  return PRECEDENCE[t.name];
}

export function higher(a: SqlType, b: SqlType): SqlType {
  return precedence(b) > precedence(a) ? b : a;
}

export function scaleOf(t: SqlType): number {
  if (t.name === 'money' || t.name === 'smallmoney') return 4;
  return t.scale ?? 0;
}

export function precisionOf(t: SqlType): number {
  switch (t.name) {
    case 'money':
      return 19;
    case 'smallmoney':
      return 10;
    case 'tinyint':
      return 3;
    case 'smallint':
      return 5;
    case 'int':
      return 10;
    case 'bigint':
      return 19;
    case 'bit':
      return 1;
    default:
      return t.precision ?? 18;
  }
}

export const INT_RANGE: Partial<Record<SqlTypeName, readonly [bigint, bigint]>> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

export const T = {
  int: { name: 'int' } as SqlType,
  bigint: { name: 'bigint' } as SqlType,
  bit: { name: 'bit' } as SqlType,
  float: { name: 'float' } as SqlType,
  datetime: { name: 'datetime' } as SqlType,
  varchar: (length: number): SqlType => ({ name: 'varchar', length }),
  nvarchar: (length: number): SqlType => ({ name: 'nvarchar', length }),
  numeric: (precision: number, scale: number): SqlType => ({
    name: 'numeric',
    precision: Math.min(38, precision),
    scale,
  }),
  binary8: { name: 'binary', length: 8 } as SqlType,
  varbinary8: { name: 'varbinary', length: 8 } as SqlType,
};

export function isNational(t: SqlType): boolean {
  return t.name === 'nchar' || t.name === 'nvarchar' || t.name === 'ntext';
}

export function typeKey(t: SqlType): string {
  return `${t.name}(${t.length ?? ''},${t.precision ?? ''},${t.scale ?? ''})`;
}

/** `char(12)`, `numeric(9,2)`, `varchar(max)` — as SQL Server spells a type in messages. */
export function typeLabel(t: SqlType): string {
  if (
    t.length !== undefined &&
    ['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary'].includes(t.name)
  )
    return `${t.name}(${t.length < 0 ? 'max' : t.length})`;
  if (t.name === 'decimal' || t.name === 'numeric') return `${t.name}(${t.precision ?? 18},${t.scale ?? 0})`;
  return t.name;
}

/** SQLite column declaration for a SQL Server column type (strings compare ignoring trailing spaces). */
export function sqliteColumnType(t: SqlType): string {
  switch (category(t)) {
    case 'str':
      return 'TEXT COLLATE NOCASE';
    case 'int':
    case 'bit':
    case 'dec':
    case 'rv':
      return 'INTEGER';
    case 'float':
      return 'REAL';
    case 'dt':
    case 'guid':
      return 'TEXT';
    case 'bin':
      return 'BLOB';
  }
}
