/**
 * The schema tooling could not run at all (unreadable or malformed input, a missing base, a bad flag), as
 * opposed to a check that ran and found problems. The CLI maps it to exit code 2; the message names the
 * file, ref or setting and says what was expected.
 */
export class SchemaToolingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaToolingError';
  }
}
