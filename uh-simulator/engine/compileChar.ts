import type { Expr } from './ast';
import type { Compiled, CompileContext } from './CompileContext';
import { constant, convertExpr } from './convertExpr';
import { decodeCp1252 } from '../tds/cp1252';
import { sqlError } from './sqlErrors';
import { T } from './sqlTypes';

type Call = Extract<Expr, { k: 'call' }>;

/**
 * CHAR(integer_expression), as documented (https://learn.microsoft.com/en-us/sql/t-sql/functions/char-transact-sql):
 * the single-byte character with that code in the database's code page (1252 here: CHAR(128) is the euro
 * sign), typed char(1); NULL for NULL and for codes outside 0 through 255. The argument converts to int as
 * any int parameter does (CHAR('65') is 'A'; a non-numeric string is error 245).
 */
export function compileChar(e: Call, args: () => Compiled[], ctx: CompileContext): Compiled {
  if (e.args.length !== 1) throw sqlError(174, 'The char function requires 1 argument(s).');
  const code = convertExpr(args()[0]!, T.int, 'implicit', ctx);
  const known = code.constant?.value;
  // A literal code (CHAR(31) as a separator) is folded here, not called once per row.
  if (code.constant !== undefined)
    return constant(
      known === null || known === undefined || Number(known) < 0 || Number(known) > 255
        ? null
        : decodeCp1252(Buffer.from([Number(known)])),
      { name: 'char', length: 1 },
    );
  return { sql: `uh_char(${code.sql})`, type: { name: 'char', length: 1 }, nullable: true };
}
