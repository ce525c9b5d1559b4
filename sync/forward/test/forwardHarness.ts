import { startBackfillHarness, type BackfillHarness } from '../../backfill/test/backfillHarness';
import { runBackfill } from '../../backfill/runBackfill';
import type { PgStore } from '../../../stores/cloud/PgStore';
import { UhStore, type UhQueryEvent } from '../../../stores/uh/UhStore';
import {
  createForwardSync,
  type ForwardCycleReport,
  type ForwardSync,
  type ForwardSyncOptions,
} from '../createForwardSync';

/**
 * Forward capture tests' fixture: a tiny-seeded UH simulator backfilled into a fresh migrated database,
 * a UhStore whose requests are recorded (name and text), an injected clock, and forward directions built
 * on them. Tests call cycle() themselves and assert what it did.
 */
export interface ForwardHarness {
  readonly h: BackfillHarness;
  readonly store: PgStore;
  readonly url: string;
  readonly uh: UhStore;
  /** Every UH request the store made since the last reset. */
  readonly requests: UhQueryEvent[];
  /** The injected clock: tests move it with advance(). */
  readonly clock: { now: Date; advance(ms: number): void };
  forward(options?: Partial<ForwardSyncOptions>): ForwardSync;
  cycle(forward: ForwardSync): Promise<ForwardCycleReport>;
  /** Cycles until one reports no more work; returns them all. */
  catchUp(forward: ForwardSync): Promise<ForwardCycleReport[]>;
  /** T-SQL straight on the simulator's engine (setup, and UH-side expectations). */
  uhExec<R = Record<string, unknown>>(text: string): Promise<R[]>;
  close(): Promise<void>;
}

export async function startForwardHarness(): Promise<ForwardHarness> {
  const h = await startBackfillHarness();
  const { url, store } = await h.database();
  await runBackfill({ uh: h.uh, cloudUrl: url, batchSize: 1000 });
  const requests: UhQueryEvent[] = [];
  const uh = new UhStore({ connection: h.uh, onQuery: (event) => requests.push(event) });
  const clock = {
    now: new Date('2026-12-01T09:00:00Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const cycle = (forward: ForwardSync) => forward.cycle(new AbortController().signal);
  return {
    h,
    store,
    url,
    uh,
    requests,
    clock,
    forward: (options = {}) =>
      createForwardSync({ uh, pg: store, now: () => clock.now, sweepEveryMs: null, ...options }),
    cycle,
    async catchUp(forward) {
      const reports: ForwardCycleReport[] = [];
      for (;;) {
        const report = await cycle(forward);
        reports.push(report);
        if (!report.more) return reports;
        if (reports.length > 1000) throw new Error('forward capture did not catch up in 1,000 cycles');
      }
    },
    uhExec: (text) => h.uhQuery(text),
    async close() {
      await uh.close();
      await h.close();
    },
  };
}
