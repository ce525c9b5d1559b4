import type { Expr } from './ast';
import type { Compiled, CompileContext, Scope } from './CompileContext';
import { compileAggregate } from './compileAggregate';
import { compileChar } from './compileChar';
import { collationOf } from './collation';
import { compileHashbytes } from './compileHashbytes';
import { comparison, padded, resultType } from './compiledOperands';
import { constant, convertExpr } from './convertExpr';
import { datePart } from './dateParts';
import { sqlError, unsupported } from './sqlErrors';
import { category, isNational, precisionOf, T } from './sqlTypes';
import type { SqlType } from './types';

type Call = Extract<Expr, { k: 'call' }>;

function arity(e: Call, min: number, max = min): void {
  if (e.args.length < min || e.args.length > max) {
    throw sqlError(
      174,
      `The ${e.name.toLowerCase()} function requires ${min === max ? min : `${min} to ${max}`} argument(s).`,
    );
  }
}

/** A string-typed version of c (numbers/dates converted as SQL Server's implicit rules would). */
function str(c: Compiled, ctx: CompileContext): Compiled {
  return category(c.type) === 'str' ? padded(c) : convertExpr(c, T.varchar(30), 'implicit', ctx);
}

/** For RTRIM/TRIM/LEN, whose result does not depend on trailing spaces. */
function strNoPad(c: Compiled, ctx: CompileContext): Compiled {
  return category(c.type) === 'str' ? c : convertExpr(c, T.varchar(30), 'implicit', ctx);
}

function varcharLike(t: SqlType, length?: number): SqlType {
  const n = length ?? t.length ?? 8000;
  return isNational(t) ? T.nvarchar(n) : T.varchar(n);
}

/**
 * Whether matching this search string can depend on case: not for a literal without ASCII letters (digits,
 * spaces, separators), which the native, case-sensitive replace()/instr() then match exactly as well.
 */
function caseMatters(find: Compiled): boolean {
  const v = find.constant?.value;
  return typeof v !== 'string' || /[A-Za-z]/.test(v);
}

function int(c: Compiled, ctx: CompileContext): Compiled {
  return convertExpr(c, T.int, 'implicit', ctx);
}

export function compileFunction(e: Call, scope: Scope, ctx: CompileContext): Compiled {
  const name = e.name;
  if (e.distinct && name !== 'COUNT' && name !== 'SUM' && name !== 'AVG' && name !== 'MIN' && name !== 'MAX')
    throw sqlError(102, `Incorrect syntax near 'DISTINCT'.`);
  const args = (): Compiled[] => e.args.map((a) => ctx.compileExpr(a, scope));
  const aggregate = compileAggregate(e, args);
  if (aggregate !== undefined) return aggregate;
  switch (name) {
    case 'RTRIM':
    case 'LTRIM':
    case 'TRIM': {
      arity(e, 1);
      const a = name === 'LTRIM' ? str(args()[0]!, ctx) : strNoPad(args()[0]!, ctx);
      return {
        sql: `${name.toLowerCase()}(${a.sql}, ' ')`,
        type: varcharLike(a.type),
        nullable: a.nullable,
        collation: a.collation,
      };
    }
    case 'UPPER':
    case 'LOWER': {
      arity(e, 1);
      const a = str(args()[0]!, ctx);
      return {
        sql: `${name.toLowerCase()}(${a.sql})`,
        type: a.type.name === 'char' || a.type.name === 'nchar' ? a.type : varcharLike(a.type),
        nullable: a.nullable,
        collation: a.collation,
      };
    }
    case 'LEN': {
      arity(e, 1);
      const a = strNoPad(args()[0]!, ctx);
      return { sql: `length(rtrim(${a.sql}, ' '))`, type: T.int, nullable: a.nullable };
    }
    case 'DATALENGTH': {
      arity(e, 1);
      const a = args()[0]!;
      const cat = category(a.type);
      const fixed: Partial<Record<string, number>> = {
        tinyint: 1,
        smallint: 2,
        int: 4,
        bigint: 8,
        bit: 1,
        float: 8,
        real: 4,
        datetime: 8,
        smalldatetime: 4,
        date: 3,
        money: 8,
        smallmoney: 4,
        rowversion: 8,
        uniqueidentifier: 16,
      };
      if (cat === 'str')
        return {
          sql: `(length(${padded(a).sql})${isNational(a.type) ? ' * 2' : ''})`,
          type: T.int,
          nullable: a.nullable,
        };
      if (cat === 'bin') return { sql: `length(${a.sql})`, type: T.int, nullable: a.nullable };
      const size =
        fixed[a.type.name] ??
        (cat === 'dec' ? (precisionOf(a.type) <= 9 ? 5 : precisionOf(a.type) <= 19 ? 9 : 13) : 8);
      return {
        sql: `(CASE WHEN ${a.sql} IS NULL THEN NULL ELSE ${size} END)`,
        type: T.int,
        nullable: a.nullable,
      };
    }
    case 'SUBSTRING': {
      arity(e, 3);
      const [a, s, n] = args();
      const x = str(a!, ctx);
      return {
        sql: `uh_substring(${x.sql}, ${int(s!, ctx).sql}, ${int(n!, ctx).sql})`,
        type: varcharLike(x.type),
        nullable: true,
        collation: x.collation,
      };
    }
    case 'LEFT': {
      arity(e, 2);
      const [a, n] = args();
      const x = str(a!, ctx);
      return {
        sql: `substr(${x.sql}, 1, max(${int(n!, ctx).sql}, 0))`,
        type: varcharLike(x.type),
        nullable: x.nullable,
        collation: x.collation,
      };
    }
    case 'RIGHT': {
      arity(e, 2);
      const [a, n] = args();
      const x = str(a!, ctx);
      const k = int(n!, ctx).sql;
      return {
        sql: `(CASE WHEN ${k} <= 0 THEN '' ELSE substr(${x.sql}, max(length(${x.sql}) - ${k} + 1, 1)) END)`,
        type: varcharLike(x.type),
        nullable: x.nullable,
        collation: x.collation,
      };
    }
    case 'REPLACE': {
      // Matches under the input's collation (https://learn.microsoft.com/en-us/sql/t-sql/functions/replace-transact-sql):
      // case-insensitively by default, exactly under a _BIN or _CS_ one.
      arity(e, 3);
      const [a, b, c] = args().map((x) => str(x, ctx));
      const collation = collationOf([a!, b!, c!], 'replace');
      const ci = (collation?.kind ?? 'ci') === 'ci' && caseMatters(b!);
      return {
        sql: `${ci ? 'uh_replace_ci' : 'replace'}(${a!.sql}, ${b!.sql}, ${c!.sql})`,
        type: varcharLike(a!.type, 8000),
        nullable: true,
        collation,
      };
    }
    case 'CHARINDEX': {
      // As REPLACE: under the input's collation (https://learn.microsoft.com/en-us/sql/t-sql/functions/charindex-transact-sql).
      arity(e, 2);
      const [needle, hay] = args().map((x) => str(x, ctx));
      const ci = (collationOf([needle!, hay!], 'charindex')?.kind ?? 'ci') === 'ci' && caseMatters(needle!);
      const sql = ci
        ? `instr(lower(${hay!.sql}), lower(${needle!.sql}))`
        : `instr(${hay!.sql}, ${needle!.sql})`;
      return { sql, type: T.int, nullable: true };
    }
    case 'SPACE':
    case 'REPLICATE': {
      const a = args();
      if (name === 'SPACE') arity(e, 1);
      else arity(e, 2);
      const text = name === 'SPACE' ? constant(' ', T.varchar(1)) : str(a[0]!, ctx);
      const count = int(a[name === 'SPACE' ? 0 : 1]!, ctx);
      if (
        text.constant &&
        count.constant &&
        typeof text.constant.value === 'string' &&
        count.constant.value !== null
      ) {
        const n = Number(count.constant.value);
        return constant(
          n < 0 ? null : text.constant.value.repeat(n),
          T.varchar(Math.max(1, n * text.constant.value.length)),
        );
      }
      return {
        sql: `uh_replicate(${text.sql}, ${count.sql})`,
        type: T.varchar(8000),
        nullable: true,
        collation: text.collation,
      };
    }
    case 'CONCAT': {
      if (e.args.length < 2) throw sqlError(189, 'The concat function requires 2 to 254 arguments.');
      const parts = args().map((x) => str(x, ctx));
      return {
        sql: `(${parts.map((p) => `coalesce(${p.sql}, '')`).join(' || ')})`,
        type: T.varchar(8000),
        nullable: false,
        collation: collationOf(parts, 'concat'),
      };
    }
    case 'ISNULL': {
      arity(e, 2);
      const [a, b] = args();
      const t = a!.constant?.value === null ? b!.type : a!.type;
      return {
        sql: `ifnull(${a!.sql}, ${convertExpr(b!, t, 'implicit', ctx).sql})`,
        type: t,
        nullable: b!.nullable,
        collation: collationOf([a!, b!], 'isnull'),
      };
    }
    case 'COALESCE': {
      if (e.args.length < 2) throw sqlError(174, 'The coalesce function requires 2 argument(s).');
      const a = args();
      const t = resultType(a);
      return {
        sql: `coalesce(${a.map((x) => convertExpr(x, t, 'implicit', ctx).sql).join(', ')})`,
        type: t,
        nullable: a.every((x) => x.nullable),
        collation: collationOf(a, 'coalesce'),
      };
    }
    case 'NULLIF': {
      arity(e, 2);
      const [a, b] = args();
      return {
        sql: `(CASE WHEN ${comparison('=', a!, b!, ctx).sql} THEN NULL ELSE ${a!.sql} END)`,
        type: a!.type,
        nullable: true,
        collation: a!.collation,
      };
    }
    case 'ABS': {
      arity(e, 1);
      const a = args()[0]!;
      return { sql: `abs(${a.sql})`, type: a.type, nullable: a.nullable };
    }
    case 'GETDATE':
    case 'SYSDATETIME':
    case 'GETUTCDATE':
    case 'SYSUTCDATETIME': {
      arity(e, 0);
      const utc = name.includes('UTC') ? 1 : 0;
      const type = name.startsWith('SYS') ? { name: 'datetime2' as const, scale: 7 } : T.datetime;
      return { sql: `uh_now(${utc}, '${type.name}')`, type, nullable: false };
    }
    case 'YEAR':
    case 'MONTH':
    case 'DAY': {
      arity(e, 1);
      const a = convertExpr(args()[0]!, T.datetime, 'implicit', ctx);
      const [from, len] = name === 'YEAR' ? [1, 4] : name === 'MONTH' ? [6, 2] : [9, 2];
      return { sql: `CAST(substr(${a.sql}, ${from}, ${len}) AS INTEGER)`, type: T.int, nullable: a.nullable };
    }
    case 'DATEADD':
    case 'DATEDIFF':
    case 'DATEPART': {
      arity(e, name === 'DATEPART' ? 2 : 3);
      const first = e.args[0]!;
      const part = first.k === 'col' && first.qualifier === undefined ? datePart(first.name) : undefined;
      if (part === undefined)
        throw sqlError(
          155,
          `'${first.k === 'col' ? first.name : '?'}' is not a recognized ${name.toLowerCase()} option.`,
        );
      const rest = e.args.slice(1).map((a) => ctx.compileExpr(a, scope));
      const asDate = (c: Compiled): Compiled =>
        category(c.type) === 'dt' ? c : convertExpr(c, T.datetime, 'implicit', ctx);
      if (name === 'DATEADD') {
        const d = asDate(rest[1]!);
        return {
          sql: `uh_dateadd('${part}', ${int(rest[0]!, ctx).sql}, ${d.sql}, '${d.type.name}')`,
          type: d.type,
          nullable: true,
        };
      }
      if (name === 'DATEDIFF')
        return {
          sql: `uh_datediff('${part}', ${asDate(rest[0]!).sql}, ${asDate(rest[1]!).sql})`,
          type: T.int,
          nullable: true,
        };
      return { sql: `uh_datepart('${part}', ${asDate(rest[0]!).sql})`, type: T.int, nullable: true };
    }
    case 'IIF': {
      arity(e, 3);
      const [cond, a, b] = args();
      const t = resultType([a!, b!]);
      return {
        sql: `(CASE WHEN ${cond!.sql} THEN ${convertExpr(a!, t, 'implicit', ctx).sql} ELSE ${convertExpr(b!, t, 'implicit', ctx).sql} END)`,
        type: t,
        nullable: true,
        collation: collationOf([a!, b!], 'iif'),
      };
    }
    case 'MIN_ACTIVE_ROWVERSION':
      arity(e, 0);
      return { sql: 'uh_min_active_rv()', type: { name: 'rowversion' }, nullable: false };
    case 'NEWID':
      arity(e, 0);
      return { sql: 'uh_newid()', type: { name: 'uniqueidentifier' }, nullable: false };
    case 'DB_NAME':
      return constant('uhtlive', T.nvarchar(128));
    case 'SCOPE_IDENTITY':
      return { sql: 'NULL', type: T.numeric(38, 0), nullable: true, constant: { value: null } };
    case 'HASHBYTES':
      return compileHashbytes(e, args);
    case 'CHAR':
      return compileChar(e, args, ctx);
    default:
      throw unsupported(`the function ${name}() is`);
  }
}
