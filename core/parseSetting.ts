import { ConfigError } from './ConfigError';

/**
 * Validators for settings read from the environment or the command line. Each returns a clean typed
 * value or throws ConfigError naming the setting, what was expected and what came.
 */
export function parsePort(setting: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(setting, 'a TCP port number from 0 to 65535', raw);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError(setting, 'a TCP port number from 0 to 65535', raw);
  return port;
}

export function parsePositiveInt(setting: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new ConfigError(setting, 'a whole number of 1 or more', raw);
  return Number(raw);
}

/** A number (decimals allowed) from 0 to max. */
export function parseNumberInRange(
  setting: string,
  raw: string | undefined,
  max: number,
  fallback: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) > max)
    throw new ConfigError(setting, `a number from 0 to ${max}`, raw);
  return Number(raw);
}

export function parseUrl(
  setting: string,
  raw: string | undefined,
  protocols: readonly string[],
): URL | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(setting, `a URL starting with ${protocols.join(' or ')}`, redact(raw));
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(setting, `a URL starting with ${protocols.join(' or ')}`, redact(raw));
  }
  return url;
}

export function parseChoice<T extends string>(
  setting: string,
  raw: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw new ConfigError(setting, `one of ${choices.join(', ')}`, raw);
  return raw as T;
}

/** Never echo a password back into a terminal or log. */
export function redact(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
