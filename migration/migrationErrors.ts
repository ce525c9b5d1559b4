/**
 * The migration controls' error codes: one registry, so the CLI maps each to an exit code and the gateway
 * to a response without reading messages. Driver errors are translated at the store boundary
 * (MigrationStore) with the pg error as `cause`.
 */
export const MIGRATION_ERROR_CODES = {
  MIGRATION_INVALID_INPUT:
    'A value the migration controls cannot take: an unknown entity or phase, a malformed number, too many rows.',
  MIGRATION_INVALID_CHANGE:
    'A phase change the rules refuse: a percent that does not fit the phase, a missing or too long reason, or no change at all.',
  MIGRATION_STORE_UNAVAILABLE:
    'The cloud database holding the phases could not be reached or did not answer in time.',
  MIGRATION_SCHEMA_MISSING:
    'The cloud database has no migration tables (or no row for an entity): its migrations have not been applied.',
  MIGRATION_GATE_FAILED:
    'A forward phase change refused because a safety gate did not hold (each failing reading with its value and bound).',
} as const;

export type MigrationErrorCode = keyof typeof MIGRATION_ERROR_CODES;

export class MigrationControlError extends Error {
  readonly code: MigrationErrorCode;
  constructor(code: MigrationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationControlError';
    this.code = code;
  }
}

export const invalidInput = (message: string) =>
  new MigrationControlError('MIGRATION_INVALID_INPUT', message);
export const invalidChange = (message: string) =>
  new MigrationControlError('MIGRATION_INVALID_CHANGE', message);

/** Bad input from the person or program asking (as opposed to the database failing). */
export function isUserError(error: unknown): error is MigrationControlError {
  return (
    error instanceof MigrationControlError &&
    (error.code === 'MIGRATION_INVALID_INPUT' || error.code === 'MIGRATION_INVALID_CHANGE')
  );
}
