/** Retry schedule for rows UH could not take for a passing reason (UH or the VPN away, a deadlock). */
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 60_000;

/** Delay before the next try after `attempts` tries: 1 s, 2 s, 4 s, ... doubling, never more than 60 s. */
export function retryDelayMs(attempts: number): number {
  const doublings = Math.min(Math.max(0, attempts - 1), 16);
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** doublings);
}
