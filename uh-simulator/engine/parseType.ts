import type { TokenStream } from './TokenStream';
import { unsupported } from './sqlErrors';
import type { SqlType, SqlTypeName } from './types';

const TYPE_NAMES = new Set<string>([
  'char',
  'varchar',
  'nchar',
  'nvarchar',
  'text',
  'ntext',
  'tinyint',
  'smallint',
  'int',
  'bigint',
  'decimal',
  'numeric',
  'money',
  'smallmoney',
  'bit',
  'float',
  'real',
  'datetime',
  'smalldatetime',
  'datetime2',
  'date',
  'time',
  'rowversion',
  'binary',
  'varbinary',
  'uniqueidentifier',
]);

const ALIASES: Record<string, SqlTypeName> = {
  timestamp: 'rowversion',
  integer: 'int',
  dec: 'decimal',
  character: 'char',
};

/** Parses a type as written in DDL, CAST/CONVERT or DECLARE: `char(12)`, `numeric(9,2)`, `varchar(max)`, `[int]`. */
export function parseType(ts: TokenStream, defaultLength = 1): SqlType {
  const t = ts.peek();
  if (t.kind !== 'ident') throw ts.error();
  const lower = t.text.toLowerCase();
  const name = (ALIASES[lower] ?? lower) as SqlTypeName;
  if (!TYPE_NAMES.has(name)) throw unsupported(`the data type '${t.text}' is`);
  ts.next();
  if (
    name === 'char' ||
    name === 'nchar' ||
    name === 'varchar' ||
    name === 'nvarchar' ||
    name === 'binary' ||
    name === 'varbinary'
  ) {
    if (ts.acceptKeyword('VARYING'))
      return typeOf(name === 'char' ? 'varchar' : 'nvarchar', readLength(ts, defaultLength));
    return typeOf(name, readLength(ts, defaultLength));
  }
  if (name === 'decimal' || name === 'numeric') {
    let precision = 18;
    let scale = 0;
    if (ts.acceptOp('(')) {
      precision = readInt(ts);
      if (ts.acceptOp(',')) scale = readInt(ts);
      ts.expectOp(')');
    }
    return { name, precision, scale };
  }
  if (name === 'money') return { name, precision: 19, scale: 4 };
  if (name === 'smallmoney') return { name, precision: 10, scale: 4 };
  if (name === 'float') {
    if (ts.acceptOp('(')) {
      const bits = readInt(ts);
      ts.expectOp(')');
      return bits <= 24 ? { name: 'real' } : { name: 'float' };
    }
    return { name };
  }
  if (name === 'datetime2' || name === 'time') {
    let scale = 7;
    if (ts.acceptOp('(')) {
      scale = readInt(ts);
      ts.expectOp(')');
    }
    return { name, scale };
  }
  return { name };
}

function typeOf(name: SqlTypeName, length: number): SqlType {
  return { name, length };
}

/** `(n)` or `(max)`; absent means 1 (as in DDL; CAST/CONVERT use 30 — callers adjust). */
function readLength(ts: TokenStream, defaultLength: number): number {
  if (!ts.acceptOp('(')) return defaultLength;
  let length: number;
  if (ts.acceptKeyword('MAX')) length = -1;
  else length = readInt(ts);
  ts.expectOp(')');
  return length;
}

function readInt(ts: TokenStream): number {
  const t = ts.next();
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw ts.error();
  return Number(t.text);
}
