import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the UH DDL lives; the simulator builds itself from the same file. */
export const uhSchemaFile = path.join(__dirname, '..', 'schema', 'uh-schema.sql');

/**
 * The DDL statements of a T-SQL script, one per element, comments removed: SQL Server runs
 * `CREATE TABLE` and `CREATE INDEX` fine one request each, and no statement here needs `GO`.
 * Splits on ';' outside string literals and comments.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    const next = script[i + 1];
    if (ch === "'") {
      const end = closingQuote(script, i);
      current += script.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end - 1;
    } else if (ch === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      if (end === -1) throw new Error('splitSqlStatements: unterminated /* comment');
      current += ' ';
      i = end + 1;
    } else if (ch === ';') {
      if (current.trim() !== '') statements.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}

function closingQuote(script: string, open: number): number {
  for (let i = open + 1; i < script.length; i++) {
    if (script[i] === "'") {
      if (script[i + 1] === "'") i++;
      else return i;
    }
  }
  throw new Error('splitSqlStatements: unterminated string literal');
}

export function uhSchemaStatements(): string[] {
  return splitSqlStatements(readFileSync(uhSchemaFile, 'utf8'));
}
