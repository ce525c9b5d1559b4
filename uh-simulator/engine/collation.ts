import type { Compiled } from './CompileContext';
import { sqlError } from './sqlErrors';

/**
 * How strings compare under a collation, as far as the simulator distinguishes them:
 * - 'ci': case-insensitive (the database default, SQL_Latin1_General_CP1_CI_AS, and every _CI_ collation);
 * - 'cs': case-sensitive dictionary order (_CS_ collations: 'a' < 'A' < 'b');
 * - 'bin': binary, by code point (_BIN and _BIN2 collations).
 * Trailing spaces are ignored by every one of them in comparisons (ANSI padding:
 * https://learn.microsoft.com/en-us/sql/t-sql/language-elements/string-comparison-and-the-equals-operator).
 */
export type CompareKind = 'ci' | 'cs' | 'bin';

/** A collation named by a COLLATE clause (the Explicit label of collation precedence). */
export interface ExplicitCollation {
  readonly name: string;
  readonly kind: CompareKind;
}

/**
 * The comparison style part of a Windows or SQL collation name
 * (https://learn.microsoft.com/en-us/sql/t-sql/statements/windows-collation-name-transact-sql,
 * https://learn.microsoft.com/en-us/sql/t-sql/statements/sql-server-collation-name-transact-sql):
 * BIN, BIN2 (optionally _UTF8), or CI/CS then AI/AS, then optional KS, WS, VSS, SC, UTF8. The designator
 * before it (Latin1_General, Latin1_General_100, SQL_Latin1_General_CP1, ...) is not checked against
 * SQL Server's list.
 */
const STYLE =
  /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*?_(?:(BIN2?)(?:_UTF8)?|(C[IS])_A[IS](?:_KS)?(?:_WS)?(?:_VSS)?(?:_SC)?(?:_UTF8)?)$/i;

/**
 * COLLATE name: its comparison kind, or error 448 for a name that is not a collation's. DATABASE_DEFAULT
 * is the database's (case-insensitive) collation
 * (https://learn.microsoft.com/en-us/sql/t-sql/statements/collations).
 */
export function explicitCollation(name: string): ExplicitCollation {
  if (name.toUpperCase() === 'DATABASE_DEFAULT') return { name, kind: 'ci' };
  const m = STYLE.exec(name);
  if (m === null) throw sqlError(448, `Invalid collation '${name}'.`);
  const kind = m[1] !== undefined ? 'bin' : m[2]!.toUpperCase() === 'CS' ? 'cs' : 'ci';
  return { name, kind };
}

/** SQL Server's name for a comparison operator in collation conflict messages. */
const OPERATION: Readonly<Record<string, string>> = {
  '=': 'equal to',
  '<>': 'not equal to',
  '<': 'less than',
  '>': 'greater than',
  '<=': 'less than or equal to',
  '>=': 'greater than or equal to',
};

/**
 * The collation an operation on these string operands uses, by collation precedence
 * (https://learn.microsoft.com/en-us/sql/t-sql/statements/collation-precedence-transact-sql): an Explicit
 * collation beats the Implicit (column) and Coercible-default (literal, variable) ones, which are all the
 * database default here; two different Explicit collations are error 468. Undefined: the default.
 */
export function collationOf(operands: readonly Compiled[], operation: string): ExplicitCollation | undefined {
  let found: ExplicitCollation | undefined;
  for (const c of operands) {
    if (c.collation === undefined) continue;
    if (found !== undefined && found.name.toUpperCase() !== c.collation.name.toUpperCase())
      throw sqlError(
        468,
        `Cannot resolve the collation conflict between "${c.collation.name}" and "${found.name}" in the ${OPERATION[operation] ?? operation} operation.`,
      );
    found ??= c.collation;
  }
  return found;
}

export function compareKindOf(operands: readonly Compiled[], operation: string): CompareKind {
  return collationOf(operands, operation)?.kind ?? 'ci';
}

/** A case-sensitive dictionary comparison (-1, 0, 1): case-insensitively first, then lower case first. */
export function compareCaseSensitive(a: string, b: string): number {
  const la = asciiLower(a);
  const lb = asciiLower(b);
  if (la !== lb) return la < lb ? -1 : 1;
  // Equal but for the case of ASCII letters: the first difference is a letter, and lower case sorts first.
  return a === b ? 0 : a > b ? -1 : 1;
}

/** ASCII case folding, as SQLite's NOCASE and lower() do (lengths are kept, so indexes line up). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** REPLACE under a case-insensitive collation: every occurrence of find, whatever its case, is replaced. */
export function replaceCaseInsensitive(s: string, find: string, replacement: string): string {
  if (find === '') return s;
  const hay = asciiLower(s);
  const needle = asciiLower(find);
  let out = '';
  let from = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, from)) {
    out += s.slice(from, at) + replacement;
    from = at + needle.length;
  }
  return out + s.slice(from);
}
