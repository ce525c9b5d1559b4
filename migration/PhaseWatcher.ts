import type { Logger } from 'pino';
import type { Entity, EntityPhase } from './phases';

export interface PhaseWatcherOptions {
  /** Reads every entity's phase (MigrationStore.readPhases in the gateway). */
  readonly read: () => Promise<EntityPhase[]>;
  /**
   * Pause between the end of one read and the start of the next. Default 1000 ms: a phase change takes
   * effect within 2 s (one interval plus one read, which the store's statement_timeout bounds).
   */
  readonly intervalMs?: number;
  readonly logger?: Logger;
  /** Called with the new phases whenever a read returns something different (and on the first read). */
  readonly onChange?: (phases: ReadonlyMap<Entity, EntityPhase>) => void;
}

export const DEFAULT_PHASE_INTERVAL_MS = 1_000;

/**
 * The gateway's live view of the entities' phases. Polls `read` on a timer; reads never overlap (the next
 * is scheduled when one ends). A failed read keeps the last known phases in force, so a database outage
 * freezes routing where it was instead of flipping every entity back to legacy; it is logged once when it
 * starts and once when it ends, not every second.
 */
export class PhaseWatcher {
  private readonly read: () => Promise<EntityPhase[]>;
  private readonly intervalMs: number;
  private readonly logger: Logger | undefined;
  private readonly onChange: PhaseWatcherOptions['onChange'];
  private phases: ReadonlyMap<Entity, EntityPhase> | null = null;
  private error: Error | null = null;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private timer: NodeJS.Timeout | undefined;
  /** When the current outage began and how many reads it has failed (for the recovery log line). */
  private outage: { since: number; failures: number } | null = null;

  constructor(options: PhaseWatcherOptions) {
    if (typeof options.read !== 'function') throw new TypeError('PhaseWatcher: `read` must be a function');
    const intervalMs = options.intervalMs ?? DEFAULT_PHASE_INTERVAL_MS;
    if (!Number.isFinite(intervalMs) || intervalMs < 1) {
      throw new RangeError(
        `PhaseWatcher: intervalMs must be a number of 1 or more, got ${String(intervalMs)}`,
      );
    }
    this.read = options.read;
    this.intervalMs = intervalMs;
    this.logger = options.logger;
    this.onChange = options.onChange;
  }

  /**
   * The first read, then polling. Resolves after the first attempt whether or not it succeeded (a gateway
   * may start while the database is away; `loaded` says whether phases are known, for /readyz).
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`PhaseWatcher: start() called on a ${this.state} watcher`);
    this.state = 'running';
    await this.poll();
  }

  /** At least one read has succeeded. */
  get loaded(): boolean {
    return this.phases !== null;
  }

  /** The last phases read successfully (kept while reads fail); null before the first success. */
  current(): ReadonlyMap<Entity, EntityPhase> | null {
    return this.phases;
  }

  /** The last read's failure; null once a read succeeds again. */
  get lastError(): Error | null {
    return this.error;
  }

  /** No read starts after this; one in flight finishes but changes nothing. */
  stop(): void {
    this.state = 'stopped';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    try {
      const phases = await this.read();
      if (this.state === 'stopped') return;
      this.succeeded(phases);
    } catch (error) {
      if (this.state === 'stopped') return;
      this.failed(error instanceof Error ? error : new Error(String(error)));
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.state !== 'running') return;
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
    // The gateway's server keeps the process alive; a watcher alone must not.
    this.timer.unref();
  }

  private succeeded(list: readonly EntityPhase[]): void {
    const next = new Map(list.map((phase) => [phase.entity, phase] as const));
    this.error = null;
    if (this.outage !== null) {
      this.logger?.info(
        { failedReads: this.outage.failures, outageMs: Date.now() - this.outage.since },
        'migration phases readable again',
      );
      this.outage = null;
    }
    if (this.phases !== null && samePhases(this.phases, next)) return;
    const previous = this.phases;
    this.phases = next;
    this.logger?.info(
      {
        phases: Object.fromEntries(
          [...next].map(([entity, p]) => [entity, { phase: p.phase, percent: p.percent }]),
        ),
      },
      previous === null ? 'migration phases loaded' : 'migration phases changed',
    );
    this.onChange?.(next);
  }

  private failed(error: Error): void {
    this.error = error;
    if (this.outage !== null) {
      this.outage.failures += 1;
      return;
    }
    this.outage = { since: Date.now(), failures: 1 };
    this.logger?.warn(
      { err: error, loaded: this.loaded },
      this.loaded
        ? 'migration phases unreadable: keeping the last known phases until the database answers again'
        : 'migration phases unreadable and none loaded yet',
    );
  }
}

function samePhases(a: ReadonlyMap<Entity, EntityPhase>, b: ReadonlyMap<Entity, EntityPhase>): boolean {
  if (a.size !== b.size) return false;
  for (const [entity, x] of a) {
    const y = b.get(entity);
    if (
      y === undefined ||
      x.phase !== y.phase ||
      x.percent !== y.percent ||
      x.changedBy !== y.changedBy ||
      x.reason !== y.reason ||
      x.changedAt.getTime() !== y.changedAt.getTime()
    )
      return false;
  }
  return true;
}
