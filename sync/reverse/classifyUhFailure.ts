import { LegacyStoreQueryError, LegacyStoreUnavailableError } from '../../stores/uh/legacyStoreErrors';

/**
 * Why a UH transaction failed, as the retry policy needs it:
 * - unavailable: UH or the VPN away (LegacyStoreUnavailableError): retried with backoff, and the cycle
 *   stops so the runner backs off too.
 * - transient: UH answered but may take the same write later (deadlock victim, lock timeout), or an error
 *   nobody classified: retried with backoff; never dropped on a guess.
 * - permanent: UH refused the write with an error number (a value too long, a duplicate key, a constraint):
 *   the same write can never succeed, so it is dead-lettered.
 */
export type UhFailure =
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'transient'; readonly reason: string }
  | { readonly kind: 'permanent'; readonly reason: string; readonly number: number };

/** SQL Server errors that a retry of the same statement can get past. */
const TRANSIENT_NUMBERS: ReadonlyMap<number, string> = new Map([
  [1205, 'chosen as deadlock victim'],
  [1222, 'lock request time out'],
]);

/** What the permanent ones mean, for the dead letter's reason. */
const PERMANENT_NUMBERS: ReadonlyMap<number, string> = new Map([
  [8152, 'a value is longer than its UH column'],
  [2628, 'a value is longer than its UH column'],
  [2627, 'a row with this key already exists (unique constraint)'],
  [2601, 'a row with this key already exists (unique index)'],
  [547, 'a constraint refused the value'],
  [515, 'NULL where UH requires a value'],
  [245, 'a value could not be converted to its column type'],
  [8114, 'a value could not be converted to its column type'],
  [241, 'a date could not be converted'],
  [242, 'a date is out of range'],
  [8115, 'a number is out of range for its column'],
  [208, 'a table does not exist in UH'],
  [207, 'a column does not exist in UH'],
]);

export function classifyUhFailure(error: unknown): UhFailure {
  if (error instanceof LegacyStoreUnavailableError) return { kind: 'unavailable', reason: error.message };
  if (error instanceof LegacyStoreQueryError && error.number !== undefined) {
    const transient = TRANSIENT_NUMBERS.get(error.number);
    if (transient !== undefined) return { kind: 'transient', reason: `${error.message}: ${transient}` };
    const meaning = PERMANENT_NUMBERS.get(error.number);
    // SQL Server's own text names the table and column (e.g. "String or binary data would be truncated
    // in table 'uhtlive.dbo.rmreqst', column 'rq_name'"): dead letters are read by operators, not clients.
    const detail = error.cause instanceof Error ? error.cause.message : '';
    return {
      kind: 'permanent',
      number: error.number,
      reason: [`${error.message}${meaning === undefined ? '' : `: ${meaning}`}`, detail]
        .filter(Boolean)
        .join(' - '),
    };
  }
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}
