/** `--flag <whole number>`: at least `min` (default 1), or `fallback` when the flag is absent. */
export function numberFlag(args: readonly string[], flag: string, fallback: number, min = 1): number {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${flag} expects a whole number of at least ${min}, got ${String(args[i + 1])}`);
  }
  return n;
}

/** `--flag <value>`, or `fallback` when the flag is absent; a flag with no value after it is refused. */
export function stringFlag(args: readonly string[], flag: string, fallback: string): string {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} expects a value`);
  return value;
}
