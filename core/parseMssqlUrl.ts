import { ConfigError } from './ConfigError';
import { redact } from './parseSetting';

/**
 * MSSQL_URL in URL form: mssql://user:password@host:port/database?encrypt=false&trustServerCertificate=true
 * turned into the plain object the `mssql` driver takes (kept free of the driver import, so config code
 * does not depend on it).
 */
export interface MssqlConnectionConfig {
  readonly server: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly options: { readonly encrypt: boolean; readonly trustServerCertificate: boolean };
}

const EXPECTED = 'a URL like mssql://user:password@host:1433/uhtlive?encrypt=false';

export function parseMssqlUrl(setting: string, raw: string): MssqlConnectionConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(setting, EXPECTED, redact(raw));
  }
  if (url.protocol !== 'mssql:' && url.protocol !== 'sqlserver:')
    throw new ConfigError(setting, EXPECTED, redact(raw));
  if (url.hostname === '') throw new ConfigError(setting, `${EXPECTED} (the host is missing)`, redact(raw));
  const port = url.port === '' ? 1433 : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'uhtlive';
  const flag = (name: string, fallback: boolean): boolean => {
    const value = url.searchParams.get(name);
    if (value === null) return fallback;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ConfigError(`${setting} ${name}`, 'true or false', value);
  };
  return Object.freeze({
    server: url.hostname,
    port,
    user: decodeURIComponent(url.username) || 'sa',
    password: decodeURIComponent(url.password),
    database,
    options: Object.freeze({
      encrypt: flag('encrypt', true),
      trustServerCertificate: flag('trustServerCertificate', false),
    }),
  });
}

export function formatMssqlUrl(config: {
  server: string;
  port: number;
  user: string;
  password: string;
  database: string;
  encrypt: boolean;
}): string {
  const auth = `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}`;
  return `mssql://${auth}@${config.server}:${config.port}/${encodeURIComponent(config.database)}?encrypt=${config.encrypt}&trustServerCertificate=true`;
}
