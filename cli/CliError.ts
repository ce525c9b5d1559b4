/**
 * The exit codes every `housing` command uses (README, "Exit codes"): 0 done; 1 a runtime failure, or a
 * refusal by a gate or check (the work could run and said no); 2 bad arguments, settings or input files
 * (nothing was done); 130 stopped by Ctrl-C before finishing.
 */
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * A failure the CLI reports as one line, `housing: <what happened>; <what to do>`, with a chosen exit code
 * and no stack trace (unless --verbose, for its cause).
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_FAILED, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
