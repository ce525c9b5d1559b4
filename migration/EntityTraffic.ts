import type { Logger } from 'pino';
import { isEntity } from './phases';
import { noTraffic, type EntityTrafficCount } from './store/MigrationStore';

export type TrafficStore = 'legacy' | 'cloud';
export type ShadowOutcome = 'match' | 'mismatch' | 'failed';

export interface EntityTrafficOptions {
  /** Adds a batch to the shared counts (MigrationStore.recordEntityTraffic). */
  readonly record: (rows: readonly EntityTrafficCount[]) => Promise<void>;
  /** Pause between flushes (default 5,000 ms): the gates judge hours, the guard minutes. */
  readonly flushIntervalMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** Minutes kept in memory while the database cannot take them; older ones are dropped (and logged). */
const MAX_PENDING_MINUTES = 60;

type Counts = { -readonly [K in keyof Omit<EntityTrafficCount, 'entity' | 'minute'>]: number };

/**
 * What the gateway saw per entity, counted in memory on the request path (a map increment, nothing else)
 * and added to migration.entity_traffic every few seconds in one statement: requests answered by each
 * subgraph and their server errors (the canary gate and the guard's error rate), and shadow comparisons
 * (the CANARY gate's comparisons and mismatch rate). A failed flush keeps the counts for the next one.
 * Labels that are not migration entities (another supergraph's) are not counted.
 */
export class EntityTraffic {
  private readonly record: EntityTrafficOptions['record'];
  private readonly intervalMs: number;
  private readonly logger: Logger | undefined;
  private readonly now: () => number;
  /** `${minute}\u0000${entity}` -> counts. */
  private pending = new Map<string, Counts>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failing = false;

  constructor(options: EntityTrafficOptions) {
    this.record = options.record;
    this.intervalMs = options.flushIntervalMs ?? 5_000;
    this.logger = options.logger;
    this.now = options.now ?? (() => Date.now());
  }

  countRequest(entity: string, store: TrafficStore, failed: boolean): void {
    const counts = this.counts(entity);
    if (counts === undefined) return;
    if (store === 'cloud') {
      counts.cloudRequests++;
      if (failed) counts.cloudErrors++;
    } else {
      counts.legacyRequests++;
      if (failed) counts.legacyErrors++;
    }
  }

  countComparison(entity: string, outcome: ShadowOutcome): void {
    const counts = this.counts(entity);
    if (counts === undefined) return;
    if (outcome === 'match') counts.shadowMatches++;
    else if (outcome === 'mismatch') counts.shadowMismatches++;
    else counts.shadowFailures++;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes what was counted so far (one statement); resolves once written or kept for the next try. */
  async flush(): Promise<void> {
    if (this.flushing !== undefined) return this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows: EntityTrafficCount[] = [...batch].map(([key, counts]) => {
      const [minute, entity] = key.split('\u0000') as [string, string];
      return { entity, minute: new Date(Number(minute)), ...counts };
    });
    this.flushing = this.record(rows)
      .then(() => {
        if (this.failing) this.logger?.info('entity traffic counts recorded again');
        this.failing = false;
      })
      .catch((error: unknown) => {
        if (!this.failing)
          this.logger?.warn({ err: error }, 'entity traffic counts not recorded; kept for the next try');
        this.failing = true;
        this.restore(batch);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }

  private counts(entity: string): Counts | undefined {
    if (!isEntity(entity)) return undefined;
    const minute = Math.floor(this.now() / 60_000) * 60_000;
    const key = `${minute}\u0000${entity}`;
    let counts = this.pending.get(key);
    if (counts === undefined) {
      counts = noTraffic();
      this.pending.set(key, counts);
    }
    return counts;
  }

  private restore(batch: Map<string, Counts>): void {
    for (const [key, counts] of batch) {
      const current = this.pending.get(key);
      if (current === undefined) this.pending.set(key, counts);
      else for (const name of Object.keys(counts) as (keyof Counts)[]) current[name] += counts[name];
    }
    const oldest = Math.floor(this.now() / 60_000) * 60_000 - MAX_PENDING_MINUTES * 60_000;
    for (const key of this.pending.keys()) {
      if (Number(key.split('\u0000')[0]) < oldest) {
        this.pending.delete(key);
        this.logger?.warn({ key }, 'entity traffic counts older than an hour dropped (database away)');
      }
    }
  }
}
