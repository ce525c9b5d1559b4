/**
 * Bad configuration (environment variables, CLI flags, config files). The message always says what was
 * expected and what came, so the person at the terminal can fix it without reading code.
 */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, expected: string, received: unknown) {
    super(`${setting}: expected ${expected}, got ${describe(received)}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value) ?? typeof value;
}
