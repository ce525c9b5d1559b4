import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateUhSeed } from '../seed/generateUhSeed';
import { splitSqlStatements, uhSchemaStatements } from '../seed/uhSchemaStatements';
import { writeManifest } from '../seed/writeManifest';

describe('splitSqlStatements', () => {
  it('splits on semicolons outside string literals and comments, dropping the comments', () => {
    const script = [
      "/* UH's habits; kept */",
      "CREATE TABLE dbo.a (x char(3) NOT NULL DEFAULT (';'), -- it's a ';' here",
      "  y char(2) NULL DEFAULT ('it''s'));",
      'CREATE INDEX a01 ON dbo.a (x);',
    ].join('\n');
    expect(splitSqlStatements(script).map((s) => s.replace(/\s+/g, ' '))).toEqual([
      "CREATE TABLE dbo.a (x char(3) NOT NULL DEFAULT (';'), y char(2) NULL DEFAULT ('it''s'))",
      'CREATE INDEX a01 ON dbo.a (x)',
    ]);
  });

  it('rejects an unterminated literal or comment instead of sending half a statement', () => {
    expect(() => splitSqlStatements("SELECT 'abc")).toThrow('unterminated string literal');
    expect(() => splitSqlStatements('SELECT 1 /* abc')).toThrow('unterminated /* comment');
  });

  it('gives one statement per table and index of uh-schema.sql', () => {
    const statements = uhSchemaStatements();
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(14);
    expect(statements.filter((s) => /^CREATE (UNIQUE )?INDEX/.test(s))).toHaveLength(statements.length - 14);
  });
});

describe('writeManifest', () => {
  it('writes the manifest as JSON that reads back equal', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seed-manifest-'));
    try {
      const { manifest } = generateUhSeed('tiny');
      const file = path.join(dir, 'nested', 'manifest.json');
      writeManifest(manifest, file);
      const text = readFileSync(file, 'utf8');
      expect(text.endsWith('}\n')).toBe(true);
      expect(JSON.parse(text)).toEqual(manifest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
