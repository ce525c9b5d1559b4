import { SqlServerError } from './types';

/** SQL Server error numbers the simulator raises (the same numbers a real server sends). */
export const ERR = {
  SYNTAX: 102,
  UNCLOSED_QUOTE: 105,
  INVALID_COLUMN: 207,
  INVALID_OBJECT: 208,
  AMBIGUOUS_COLUMN: 209,
  CONVERT_FAILED: 245,
  DATETIME_CONVERT: 241,
  MUST_DECLARE: 137,
  NOT_NULL: 515,
  DIVIDE_BY_ZERO: 8134,
  OVERFLOW: 8115,
  NUMERIC_CONVERT: 8114,
  TRUNCATION: 8152,
  DUP_INDEX: 2601,
  DUP_CONSTRAINT: 2627,
  OBJECT_EXISTS: 2714,
  COMMIT_NO_TRAN: 3902,
  ROLLBACK_NO_TRAN: 3903,
  COLUMN_COUNT: 110,
  INSERT_COLUMN_COUNT: 120,
  ROWVERSION_WRITE: 273,
  UNSUPPORTED: 50000,
} as const;

export function syntaxError(
  near: string,
  line = 1,
  message?: string,
  number: number = ERR.SYNTAX,
): SqlServerError {
  return new SqlServerError(number, message ?? `Incorrect syntax near '${near}'.`, {
    class: 15,
    lineNumber: line,
  });
}

export function unsupported(construct: string): SqlServerError {
  return new SqlServerError(
    ERR.UNSUPPORTED,
    `UH simulator: ${construct} not supported (see uh-simulator/TSQL-SUBSET.md)`,
  );
}

export function invalidColumn(name: string): SqlServerError {
  return new SqlServerError(ERR.INVALID_COLUMN, `Invalid column name '${name}'.`);
}

export function invalidObject(name: string): SqlServerError {
  return new SqlServerError(ERR.INVALID_OBJECT, `Invalid object name '${name}'.`);
}

export function sqlError(number: number, message: string): SqlServerError {
  return new SqlServerError(number, message);
}

export function truncation(): SqlServerError {
  return new SqlServerError(ERR.TRUNCATION, 'String or binary data would be truncated.');
}
