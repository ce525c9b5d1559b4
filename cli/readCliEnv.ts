import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../core/createLogger';
import { parseChoice, parsePositiveInt, parseUrl, parsePort } from '../core/parseSetting';
import { parseMssqlUrl, type MssqlConnectionConfig } from '../core/parseMssqlUrl';

/**
 * The CLI's view of the environment, read once at the entry point, validated and frozen.
 * Commands get it as an argument; nothing below the CLI reads process.env.
 */
export interface CliEnv {
  /** PostgreSQL (cloud store); absent = embedded PostgreSQL in the data dir. */
  readonly databaseUrl?: string;
  /** SQL Server (UH); absent = the UH simulator. */
  readonly mssqlUrl?: string;
  readonly mssql?: MssqlConnectionConfig;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly port: number;
  /** End-to-end limit for one UH request, in milliseconds. */
  readonly uhTimeoutMs: number;
}

export function readCliEnv(env: NodeJS.ProcessEnv, cwd: string): CliEnv {
  const databaseUrl = parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])?.toString();
  const mssqlUrl = env.MSSQL_URL === undefined || env.MSSQL_URL === '' ? undefined : env.MSSQL_URL;
  return Object.freeze({
    databaseUrl,
    mssqlUrl,
    mssql: mssqlUrl === undefined ? undefined : parseMssqlUrl('MSSQL_URL', mssqlUrl),
    dataDir: resolve(cwd, env.HOUSING_DATA_DIR || '.data'),
    logLevel: parseChoice('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, 'info'),
    port: parsePort('PORT', env.PORT, 4000),
    uhTimeoutMs: parsePositiveInt('UH_TIMEOUT_MS', env.UH_TIMEOUT_MS, 5000),
  });
}
