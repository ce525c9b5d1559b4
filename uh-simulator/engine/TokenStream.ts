import type { Select } from './ast';
import { syntaxError } from './sqlErrors';
import type { Token } from './tokenize';

/**
 * Cursor over tokens with the small helpers a recursive-descent parser needs. It also carries the one way
 * back from the expression grammar into the statement grammar (a subquery inside an expression), so that
 * parseExpression need not import parseSelect, which imports it: parseBatch passes parseSelect in.
 */
export class TokenStream {
  private pos = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly subquery?: (ts: TokenStream) => Select,
  ) {}

  /** Parses a subquery's SELECT at the current position. */
  parseSubquery(): Select {
    if (this.subquery === undefined) throw this.error();
    return this.subquery(this);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  get position(): number {
    return this.pos;
  }

  reset(position: number): void {
    this.pos = position;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** True when the token at `offset` is the unquoted keyword `kw`. */
  isKeyword(kw: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && !t.quoted && t.upper === kw;
  }

  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === op;
  }

  acceptKeyword(...kws: string[]): boolean {
    for (let i = 0; i < kws.length; i++) if (!this.isKeyword(kws[i]!, i)) return false;
    this.pos += kws.length;
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  expectKeyword(kw: string): void {
    if (!this.acceptKeyword(kw)) throw this.error();
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error();
  }

  /** An identifier (bracketed or not); keywords in `reserved` are refused. */
  expectIdent(): string {
    const t = this.peek();
    if (t.kind !== 'ident' || (!t.quoted && RESERVED.has(t.upper))) throw this.error();
    this.next();
    return t.text;
  }

  isIdent(offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && (t.quoted || !RESERVED.has(t.upper));
  }

  /** "Incorrect syntax near 'x'." at the current token. */
  error(): Error {
    const t = this.peek();
    return syntaxError(t.kind === 'eof' ? (this.tokens[this.tokens.length - 2]?.raw ?? '') : t.raw, t.line);
  }
}

/** Keywords that cannot be bare identifiers or aliases (the ones the subset's grammar depends on). */
export const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'ORDER',
  'BY',
  'HAVING',
  'INSERT',
  'UPDATE',
  'DELETE',
  'INTO',
  'VALUES',
  'SET',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'OUTER',
  'CROSS',
  'ON',
  'AND',
  'OR',
  'NOT',
  'NULL',
  'IS',
  'IN',
  'LIKE',
  'BETWEEN',
  'EXISTS',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'AS',
  'DISTINCT',
  'TOP',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'OFFSET',
  'FETCH',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'CREATE',
  'DROP',
  'ALTER',
  'TABLE',
  'INDEX',
  'WITH',
  'OUTPUT',
  'DECLARE',
  'MERGE',
  'EXEC',
  'EXECUTE',
  'IF',
  'WHILE',
  'RETURN',
  'TRUNCATE',
  'PRIMARY',
  'KEY',
  'UNIQUE',
  'DEFAULT',
  'CONSTRAINT',
  'COLLATE',
  'ALL',
  'ASC',
  'DESC',
  'OVER',
  'PERCENT',
  'OPTION',
  'FOR',
  'USE',
  'GO',
  'PRINT',
  'RAISERROR',
  'THROW',
  'TRAN',
  'TRANSACTION',
  'SAVE',
  'GRANT',
  'DENY',
  'REVOKE',
  'CURSOR',
  'OPEN',
  'CLOSE',
  'DEALLOCATE',
]);
