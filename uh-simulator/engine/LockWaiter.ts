import { RequestCancelledError } from './types';

/** How often a waiting writer retries even without a release notice (another process may hold the lock). */
const RETRY_MS = 20;

/**
 * Writers that found SQLite's write lock taken by another process (another engine on the same file:
 * sessions of this engine wait for each other through RowLockManager) wait here, without blocking the
 * event loop, until this engine ends a write transaction or a short timer fires, then retry. An aborted
 * request stops waiting at once with RequestCancelledError.
 */
export class LockWaiter {
  private waiters = new Set<() => void>();

  /** A write transaction ended: wake everyone up to retry. */
  notify(): void {
    const current = this.waiters;
    this.waiters = new Set();
    for (const wake of current) wake();
  }

  wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new RequestCancelledError());
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
      };
      const wake = (): void => {
        done();
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(new RequestCancelledError());
      };
      const timer = setTimeout(wake, RETRY_MS);
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  get waiting(): number {
    return this.waiters.size;
  }
}
