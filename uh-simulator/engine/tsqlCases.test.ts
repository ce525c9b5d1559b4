import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_SQL, TSQL_CASES, type TsqlCase } from '../test/tsqlCases';
import { openEngine } from './openEngine';
import type { BatchResult, Engine, Session } from './types';

let dir: string;
let engine: Engine;
let session: Session;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'uh-engine-cases-'));
  engine = openEngine({ file: join(dir, 'uh.sqlite') });
  session = engine.openSession();
});

afterAll(() => {
  session.close();
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runCase(c: TsqlCase): Promise<BatchResult> {
  await session.beginTransaction();
  try {
    const fixture = await session.execute(FIXTURE_SQL, []);
    expect(fixture.error).toBeUndefined();
    return await session.execute(c.sql, c.params ?? []);
  } finally {
    if (session.transactionCount > 0) await session.rollbackTransaction();
  }
}

describe('T-SQL subset, directly on the engine', () => {
  test.each(TSQL_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await runCase(c);
    const e = c.expect;
    if ('error' in e) {
      expect(result.error?.number).toBe(e.error);
      if (e.message !== undefined) expect(result.error?.message).toBe(e.message);
      return;
    }
    expect(result.error).toBeUndefined();
    if ('rowCount' in e) {
      const counts = result.outcomes.flatMap((o) => (o.kind === 'rowCount' ? [o.rowCount] : []));
      expect(counts[counts.length - 1]).toBe(e.rowCount);
      return;
    }
    const sets = result.outcomes.flatMap((o) => (o.kind === 'resultSet' ? [o.resultSet] : []));
    expect(sets.map((s) => s.rows)).toEqual(e.sets);
    const first = sets[0]!;
    if (e.columns !== undefined) expect(first.columns.map((col) => col.name)).toEqual(e.columns);
    if (e.types !== undefined) expect(first.columns.map((col) => col.type)).toEqual(e.types);
  });
});
