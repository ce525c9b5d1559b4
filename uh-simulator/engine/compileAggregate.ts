import type { Expr } from './ast';
import type { Compiled } from './CompileContext';
import { pow10 } from './convertValue';
import { sqlError } from './sqlErrors';
import { category, scaleOf, T } from './sqlTypes';
import type { SqlType } from './types';

type Call = Extract<Expr, { k: 'call' }>;

function arity(e: Call, n: number): void {
  if (e.args.length !== n)
    throw sqlError(174, `The ${e.name.toLowerCase()} function requires ${n} argument(s).`);
}

/**
 * COUNT/COUNT_BIG/SUM/AVG/MIN/MAX with SQL Server's result types: COUNT int, SUM(int) int,
 * SUM(numeric(p,s)) numeric(38,s) (exact: decimals are scaled integers), AVG(numeric) scale max(6,s).
 * Undefined when `e` is not an aggregate.
 */
export function compileAggregate(e: Call, args: () => Compiled[]): Compiled | undefined {
  const name = e.name;
  switch (name) {
    case 'COUNT':
    case 'COUNT_BIG': {
      const type = name === 'COUNT' ? T.int : T.bigint;
      if (e.star) return { sql: 'count(*)', type, nullable: false, aggregate: true };
      arity(e, 1);
      const [a] = args();
      return {
        sql: `count(${e.distinct ? 'DISTINCT ' : ''}${a!.sql})`,
        type,
        nullable: false,
        aggregate: true,
      };
    }
    case 'SUM': {
      arity(e, 1);
      const a = args()[0]!;
      const d = e.distinct ? 'DISTINCT ' : '';
      const cat = category(a.type);
      let type: SqlType;
      if (cat === 'dec')
        type =
          a.type.name === 'money' || a.type.name === 'smallmoney'
            ? { name: 'money', precision: 19, scale: 4 }
            : T.numeric(38, scaleOf(a.type));
      else if (cat === 'int' || cat === 'bit') type = a.type.name === 'bigint' ? T.bigint : T.int;
      else if (cat === 'float') type = T.float;
      else throw sqlError(8117, `Operand data type ${a.type.name} is invalid for sum operator.`);
      if (type.name === 'money' && a.type.name === 'smallmoney')
        type = { name: 'money', precision: 19, scale: 4 };
      return { sql: `sum(${d}${a.sql})`, type, nullable: true, aggregate: true };
    }
    case 'AVG': {
      arity(e, 1);
      const a = args()[0]!;
      const d = e.distinct ? 'DISTINCT ' : '';
      const cat = category(a.type);
      if (cat === 'float')
        return { sql: `avg(${d}${a.sql})`, type: T.float, nullable: true, aggregate: true };
      if (cat === 'int' || cat === 'bit')
        return {
          sql: `(sum(${d}${a.sql}) / count(${d}${a.sql}))`,
          type: a.type.name === 'bigint' ? T.bigint : T.int,
          nullable: true,
          aggregate: true,
        };
      if (cat === 'dec') {
        const s = Math.max(6, scaleOf(a.type));
        return {
          sql: `((sum(${d}${a.sql}) * ${pow10(s - scaleOf(a.type))}) / count(${d}${a.sql}))`,
          type: T.numeric(38, s),
          nullable: true,
          aggregate: true,
        };
      }
      throw sqlError(8117, `Operand data type ${a.type.name} is invalid for avg operator.`);
    }
    case 'MIN':
    case 'MAX': {
      arity(e, 1);
      const a = args()[0]!;
      // Under a _BIN collation by code point; otherwise case-insensitively (a _CS_ one's case ties are not ordered).
      const coll =
        category(a.type) !== 'str' ? '' : a.collation?.kind === 'bin' ? ' COLLATE BINARY' : ' COLLATE NOCASE';
      return {
        sql: `${name.toLowerCase()}(${a.sql}${coll})`,
        type: a.type,
        nullable: true,
        aggregate: true,
        collation: a.collation,
      };
    }
    default:
      return undefined;
  }
}
