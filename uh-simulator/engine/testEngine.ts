import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from './openEngine';
import type { BatchResult, Engine, ExecuteOptions, Param, Session, SqlValue } from './types';

/** A throw-away engine on a temporary file, for tests. */
export interface TestEngine {
  readonly engine: Engine;
  readonly file: string;
  session(): Session;
  dispose(): void;
}

export function createTestEngine(): TestEngine {
  const dir = mkdtempSync(join(tmpdir(), 'uh-engine-'));
  const file = join(dir, 'uh.sqlite');
  const engine = openEngine({ file });
  return {
    engine,
    file,
    session: () => engine.openSession(),
    dispose() {
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a batch and returns the rows of its last result set; fails on any error. */
export async function rows(
  session: Session,
  sql: string,
  params: readonly Param[] = [],
): Promise<SqlValue[][]> {
  const result = await session.execute(sql, params);
  if (result.error !== undefined) throw result.error;
  const sets = result.outcomes.flatMap((o) => (o.kind === 'resultSet' ? [o.resultSet.rows] : []));
  return (sets[sets.length - 1] ?? []) as SqlValue[][];
}

export async function ok(
  session: Session,
  sql: string,
  params: readonly Param[] = [],
  options: ExecuteOptions = {},
): Promise<BatchResult> {
  const result = await session.execute(sql, params, options);
  if (result.error !== undefined) throw result.error;
  return result;
}
