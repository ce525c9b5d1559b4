/** How much of a caller's value an error message repeats. */
export const QUOTED_INPUT_MAX = 40;

/**
 * A caller's value as an error message quotes it: JSON-quoted whole when short, else its first
 * QUOTED_INPUT_MAX characters, "…" and its length. Messages must say what came without echoing a
 * megabyte of input back to the client (and into every log line that carries the message).
 */
export function quoteInput(value: unknown): string {
  if (typeof value !== 'string') {
    const json = JSON.stringify(value) ?? String(value);
    return json.length <= QUOTED_INPUT_MAX
      ? json
      : `${json.slice(0, QUOTED_INPUT_MAX)}… (${json.length} characters)`;
  }
  const characters = [...value];
  if (characters.length <= QUOTED_INPUT_MAX) return JSON.stringify(value);
  return `${JSON.stringify(characters.slice(0, QUOTED_INPUT_MAX).join(''))}… (${characters.length} characters)`;
}
