import { ConfigError } from '../core/ConfigError';
import { CloudStoreUnavailableError } from '../stores/cloud/cloudStoreErrors';
import { LegacyStoreUnavailableError } from '../stores/uh/legacyStoreErrors';
import { UhUnreachableError } from '../uh-simulator/seed/seedErrors';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from './CliError';

export interface CliFailure {
  /** What to print on stderr, ending with a newline. */
  readonly text: string;
  readonly exitCode: number;
}

const CLOUD_HINT =
  'check that PostgreSQL runs and that DATABASE_URL (or the stack on --data-dir) points at it';
const UH_HINT =
  'check that UH (SQL Server, or the simulator) runs and that MSSQL_URL (or the stack on --data-dir) points at it';
const VERBOSE_HINT = 'run it again with --verbose for the stack trace';

/**
 * One style for every failure of a `housing` command: `housing: <what happened>; <what to do>`. A failure
 * the code foresaw (CliError, ConfigError, or a message with its own "; <what to do>") says both already;
 * any other error is its message, its causes' messages, and a hint (where to look when a store is away, else
 * --verbose). The stack trace, of the error and of each cause, only with --verbose. Passwords in URLs are
 * masked either way (CliError and ConfigError mask their own values, and may show a URL's shape).
 */
export function describeCliFailure(error: unknown, verbose: boolean): CliFailure {
  const exitCode =
    error instanceof CliError ? error.exitCode : error instanceof ConfigError ? EXIT_BAD_INPUT : EXIT_FAILED;
  // A message that already says what to do ("...; choose another with --port") was written for the user.
  const foreseen =
    error instanceof CliError || error instanceof ConfigError || messageOf(error).includes('; ');
  const line = foreseen ? messageOf(error) : `${withCauses(error)}; ${hintFor(error)}`;
  const stacks = verbose ? stacksOf(error) : '';
  const masksItself = error instanceof CliError || error instanceof ConfigError;
  return { text: `housing: ${masksItself ? line : maskPasswords(line)}\n${maskPasswords(stacks)}`, exitCode };
}

function hintFor(error: unknown): string {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof CloudStoreUnavailableError) return CLOUD_HINT;
    if (current instanceof LegacyStoreUnavailableError || current instanceof UhUnreachableError)
      return UH_HINT;
  }
  return VERBOSE_HINT;
}

/** The message, then each cause's message that it does not already contain. */
function withCauses(error: unknown): string {
  let text = messageOf(error);
  let depth = 0;
  for (let cause = error instanceof Error ? error.cause : undefined; cause !== undefined && depth++ < 10;) {
    const message = messageOf(cause);
    if (message !== '' && !text.includes(message)) text += `: ${message}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stacksOf(error: unknown): string {
  const parts: string[] = [];
  for (
    let current = error;
    current !== undefined && parts.length < 10;
    current = current instanceof Error ? current.cause : undefined
  ) {
    const stack = current instanceof Error ? (current.stack ?? current.message) : messageOf(current);
    parts.push(parts.length === 0 ? stack : `caused by: ${stack}`);
  }
  return `${parts.join('\n')}\n`;
}

/** Every user:password@ in a URL, anywhere in the text (a driver may quote its connection string). */
function maskPasswords(text: string): string {
  return text.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}
