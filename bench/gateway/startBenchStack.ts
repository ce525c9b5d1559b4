import { readCliEnv } from '../../cli/readCliEnv';
import { startStack } from '../../cli/startStack';

/**
 * Runs inside the bench's stack worker thread (see startSeededStack.ts): `housing start`'s own startStack
 * with DATABASE_URL set to the bench database, the bench's secrets and quiet logs, reporting the subgraph
 * URLs. (The stack may start a gateway of its own too; it stays idle.)
 */
export interface BenchStackInWorker {
  readonly legacyUrl: string;
  readonly cloudUrl: string;
}

export async function startBenchStack(options: {
  root: string;
  dataDir: string;
  scale: 'tiny' | 'small';
  databaseUrl: string;
  subgraphSecret: string;
  jwtSecret: string;
}): Promise<BenchStackInWorker & { close(): Promise<void> }> {
  // The bench's own secrets, so it knows what the subgraphs expect (housing start makes up its own).
  const env = readCliEnv(
    {
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: 'warn',
      SUBGRAPH_SECRET: options.subgraphSecret,
      JWT_SECRET: options.jwtSecret,
    },
    options.root,
  );
  const stack = await startStack({
    env,
    dataDir: options.dataDir,
    scale: options.scale,
    port: 0,
    backfill: true,
    log: (line) => process.stderr.write(`  stack: ${line}\n`),
  });
  const legacyUrl = stack.runtime.services['legacy subgraph'];
  const cloudUrl = stack.runtime.services['cloud subgraph'];
  if (legacyUrl === undefined || cloudUrl === undefined) {
    await stack.stop();
    throw new Error(
      `the stack started no legacy and cloud subgraph: ${JSON.stringify(stack.runtime.services)}`,
    );
  }
  return { legacyUrl, cloudUrl, close: () => stack.stop() };
}
