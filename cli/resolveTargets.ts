import { readRuntime } from '../core/runtimeFile';
import { parseMssqlUrl, type MssqlConnectionConfig } from '../core/parseMssqlUrl';
import type { CliEnv } from './readCliEnv';
import { CliError } from './CliError';

/**
 * Which stores a command talks to: the environment's URLs first (DATABASE_URL, MSSQL_URL), else the stack
 * that `housing start` is running on the same data dir (its runtime.json).
 */
export function resolveCloudUrl(env: CliEnv, dataDir: string): string {
  if (env.databaseUrl) return env.databaseUrl;
  const runtime = readRuntime(dataDir);
  if (runtime) return runtime.postgres.url;
  throw new CliError(
    `no PostgreSQL to talk to: set DATABASE_URL, or start the stack first (housing start --data-dir ${dataDir})`,
  );
}

export function resolveUhConfig(
  env: CliEnv,
  dataDir: string,
): { config: MssqlConnectionConfig; source: string } {
  if (env.mssql) return { config: env.mssql, source: 'MSSQL_URL' };
  const runtime = readRuntime(dataDir);
  if (runtime)
    return {
      config: parseMssqlUrl('runtime.json uh.url', runtime.uh.url),
      source: `the stack in ${dataDir}`,
    };
  throw new CliError(
    `no UH database to talk to: set MSSQL_URL, or start the stack first (housing start --data-dir ${dataDir})`,
  );
}
