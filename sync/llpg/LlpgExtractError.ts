/** The extract itself cannot be read (missing file, wrong header, broken CSV): nothing was loaded from it. */
export class LlpgExtractError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlpgExtractError';
  }
}
