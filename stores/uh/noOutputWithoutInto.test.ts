import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * UH's tables have triggers, and SQL Server refuses a DML statement with an OUTPUT clause without INTO on a
 * table with enabled triggers (error 334; output-clause-transact-sql, Remarks). The simulator has no
 * triggers, so such a statement would pass every other test here and fail on the council's UH: no code
 * that talks to UH may use one (stores/uh/writeThenRead.ts reads the written row back instead).
 */
const ROOT = join(__dirname, '..', '..');
const SCANNED = ['stores', 'sync', 'subgraphs', 'migration', 'cli', 'gateway'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Each `OUTPUT inserted.` / `OUTPUT deleted.` whose statement (up to `;` or the string's end) has no INTO. */
function outputsWithoutInto(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\bOUTPUT\s+(?:inserted|deleted)\./gi)) {
    const rest = text.slice(match.index).split(/[;`'"]/, 1)[0]!;
    if (!/\bINTO\b/i.test(rest)) found.push(rest.slice(0, 80));
  }
  return found;
}

describe('UH statements never use OUTPUT without INTO', () => {
  it('finds such a statement when there is one', () => {
    expect(outputsWithoutInto('`UPDATE dbo.x SET a = 1 OUTPUT inserted.tstamp WHERE k = @k`')).toHaveLength(
      1,
    );
    expect(
      outputsWithoutInto('`UPDATE dbo.x SET a = 1 OUTPUT inserted.tstamp INTO @t WHERE k = @k`'),
    ).toEqual([]);
  });

  it('no source file outside the simulator and the tests has one', () => {
    const offenders = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
      outputsWithoutInto(readFileSync(file, 'utf8')).map(
        (statement) => `${relative(ROOT, file)}: ${statement}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
