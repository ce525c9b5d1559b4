import { syntaxError } from './sqlErrors';

/**
 * T-SQL tokens. Identifiers keep their spelling; `quoted` marks [bracketed] or "double-quoted" ones,
 * which are never keywords. Keywords are recognised by the parser from `upper`.
 */
export type TokenKind = 'ident' | 'string' | 'number' | 'binary' | 'param' | 'sysvar' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, string contents (escapes resolved), number text, hex digits, param name (no @), operator. */
  readonly text: string;
  /** Upper-cased text for unquoted identifiers (keyword checks); '' otherwise. */
  readonly upper: string;
  readonly quoted: boolean;
  /** N'...' literal. */
  readonly national: boolean;
  readonly line: number;
  /** Source spelling, for "Incorrect syntax near 'x'." */
  readonly raw: string;
}

const TWO_CHAR_OPS = new Set(['<>', '!=', '<=', '>=', '!<', '!>', '+=', '-=', '*=', '/=']);
const ONE_CHAR_OPS = new Set([
  '(',
  ')',
  ',',
  '.',
  ';',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '~',
  '&',
  '|',
  '^',
]);

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '#' || c > '\u007f';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '$' || c === '@';
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function tok(kind: TokenKind, text: string, line: number, raw: string, extra: Partial<Token> = {}): Token {
  return { kind, text, upper: '', quoted: false, national: false, line, raw, ...extra };
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      // T-SQL block comments nest.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else {
          if (sql[i] === '\n') line++;
          i++;
        }
      }
      if (depth > 0) throw syntaxError('', line, "Missing end comment mark '*/'.");
      continue;
    }
    const startLine = line;
    if ((c === 'N' || c === 'n') && sql[i + 1] === "'") {
      const [text, end] = readQuoted(sql, i + 1, "'", "'");
      line += countNewlines(sql, i, end);
      out.push(tok('string', text, startLine, sql.slice(i, end), { national: true }));
      i = end;
      continue;
    }
    if (c === "'") {
      const [text, end] = readQuoted(sql, i, "'", "'");
      line += countNewlines(sql, i, end);
      out.push(tok('string', text, startLine, sql.slice(i, end)));
      i = end;
      continue;
    }
    if (c === '[') {
      const [text, end] = readQuoted(sql, i, '[', ']');
      out.push(tok('ident', text, startLine, sql.slice(i, end), { quoted: true }));
      i = end;
      continue;
    }
    if (c === '"') {
      const [text, end] = readQuoted(sql, i, '"', '"');
      out.push(tok('ident', text, startLine, sql.slice(i, end), { quoted: true }));
      i = end;
      continue;
    }
    if (c === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
      let j = i + 2;
      while (j < n && /[0-9a-fA-F]/.test(sql[j]!)) j++;
      out.push(tok('binary', sql.slice(i + 2, j), startLine, sql.slice(i, j)));
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1] ?? ''))) {
      let j = i;
      while (j < n && isDigit(sql[j]!)) j++;
      if (sql[j] === '.') {
        j++;
        while (j < n && isDigit(sql[j]!)) j++;
      }
      if ((sql[j] === 'e' || sql[j] === 'E') && /[-+0-9]/.test(sql[j + 1] ?? '')) {
        j++;
        if (sql[j] === '+' || sql[j] === '-') j++;
        while (j < n && isDigit(sql[j]!)) j++;
      }
      out.push(tok('number', sql.slice(i, j), startLine, sql.slice(i, j)));
      i = j;
      continue;
    }
    if (c === '@') {
      const sys = sql[i + 1] === '@';
      let j = i + (sys ? 2 : 1);
      while (j < n && isIdentPart(sql[j]!)) j++;
      const name = sql.slice(i + (sys ? 2 : 1), j);
      if (name === '') throw syntaxError('@', startLine);
      out.push(
        tok(sys ? 'sysvar' : 'param', name, startLine, sql.slice(i, j), { upper: name.toUpperCase() }),
      );
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(sql[j]!)) j++;
      const text = sql.slice(i, j);
      out.push(tok('ident', text, startLine, text, { upper: text.toUpperCase() }));
      i = j;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      out.push(tok('op', two, startLine, two));
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      out.push(tok('op', c, startLine, c));
      i++;
      continue;
    }
    throw syntaxError(c, startLine);
  }
  out.push(tok('eof', '', line, ''));
  return out;
}

/** Reads a quoted run starting at `start` (the opening quote); a doubled closing quote is an escaped one. */
function readQuoted(sql: string, start: number, open: string, close: string): [string, number] {
  let i = start + open.length;
  let text = '';
  for (;;) {
    const k = sql.indexOf(close, i);
    if (k < 0) {
      if (open === "'")
        throw syntaxError(
          sql.slice(start, start + 10),
          1,
          `Unclosed quotation mark after the character string '${sql.slice(start + 1)}'.`,
          105,
        );
      throw syntaxError(sql.slice(start, start + 10), 1);
    }
    text += sql.slice(i, k);
    if (sql[k + 1] === close) {
      text += close;
      i = k + 2;
      continue;
    }
    return [text, k + 1];
  }
}

function countNewlines(sql: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (sql.charCodeAt(i) === 10) count++;
  return count;
}
