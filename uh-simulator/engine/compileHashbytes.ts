import type { Expr } from './ast';
import type { Compiled } from './CompileContext';
import { padded } from './compiledOperands';
import { sqlError, unsupported } from './sqlErrors';
import { category, isNational } from './sqlTypes';

type Call = Extract<Expr, { k: 'call' }>;

/**
 * The algorithms HASHBYTES names, as node:crypto calls them. MD2 and MD4 are documented too but OpenSSL 3
 * no longer ships them by default, so they stay outside the subset (error 50000 naming them).
 */
export const HASHBYTES_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  SHA: 'sha1',
  SHA1: 'sha1',
  SHA2_256: 'sha256',
  SHA2_512: 'sha512',
};

/** How uh_hashbytes turns the input into the bytes hashed: the value's own type decides. */
export type HashInputKind = 'varchar' | 'nvarchar' | 'varbinary';

/**
 * HASHBYTES('<algorithm>', input), as documented
 * (https://learn.microsoft.com/en-us/sql/t-sql/functions/hashbytes-transact-sql): the algorithm is a
 * quoted literal (required, no default); the input is varchar, nvarchar or varbinary (char, nchar and
 * binary with them); the result is varbinary (8000 at most): 16 bytes for MD5, 20 for SHA/SHA1, 32 for
 * SHA2_256, 64 for SHA2_512; NULL input gives NULL. The bytes hashed are the value's own: a varchar in
 * the server's code page (1252: 'abc' -> 0x616263), an nvarchar in UTF-16LE, a char(n) with its padding.
 * Since SQL Server 2016 the input has no 8000-byte limit (the simulator reports 2019). Other input types
 * (int, date, text ...) are refused with error 8116, as SQL Server refuses them.
 */
export function compileHashbytes(e: Call, args: () => Compiled[]): Compiled {
  if (e.args.length !== 2) throw sqlError(174, 'The hashbytes function requires 2 argument(s).');
  const [algorithm, input] = args();
  const name = algorithm!.constant?.value;
  if (typeof name !== 'string') throw unsupported('HASHBYTES with an algorithm that is not a literal is');
  const upper = name.trim().toUpperCase();
  if (HASHBYTES_ALGORITHMS[upper] === undefined)
    throw unsupported(`HASHBYTES('${name}') (only MD5, SHA, SHA1, SHA2_256 and SHA2_512) is`);
  const value = input!;
  const kind = inputKind(value);
  if (kind === undefined)
    throw sqlError(
      8116,
      `Argument data type ${value.type.name} is invalid for argument 2 of hashbytes function.`,
    );
  const bytes = kind === 'varbinary' ? value : padded(value);
  return {
    sql: `uh_hashbytes('${upper}', ${bytes.sql}, '${kind}')`,
    type: { name: 'varbinary', length: 8000 },
    nullable: value.nullable,
  };
}

function inputKind(c: Compiled): HashInputKind | undefined {
  if (c.constant !== undefined && c.constant.value === null) return 'varchar';
  switch (c.type.name) {
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
      return isNational(c.type) ? 'nvarchar' : 'varchar';
    case 'binary':
    case 'varbinary':
      return category(c.type) === 'bin' ? 'varbinary' : undefined;
    default:
      return undefined;
  }
}
