import type { Logger } from 'pino';

/** The store a consumer's reads of an entity must come from until the sync has carried its write across. */
export type PinnedStore = 'legacy' | 'cloud';

export interface ReadPin {
  readonly consumerKey: string;
  readonly entity: string;
  readonly store: PinnedStore;
}

/** As the database's pins (MigrationStore.readActivePins): a sync stopped this long is an outage, not a lag. */
export const MAX_LOCAL_PIN_MS = 60 * 60_000;

export interface ReadPinsOptions {
  /** The pins the sync has not passed yet (MigrationStore.readActivePins), shared by every replica. */
  readonly load: () => Promise<readonly ReadPin[]>;
  /** Records a write for every replica (MigrationStore.recordReadPin). */
  readonly record: (pin: ReadPin) => Promise<void>;
  /** Pause between loads (default 1,000 ms, as the phase watcher). */
  readonly intervalMs?: number;
  readonly logger?: Logger;
  /** Local time, for telling pins made during a load from those it already saw (tests inject one). */
  readonly now?: () => number;
}

/**
 * Read your own writes across the two stores. A consumer whose reads of an entity are served by one store
 * (a canary consumer reads the cloud) but whose write went to the other (writes follow the master: UH
 * until CLOUD) would read an older copy until the sync carries the write across. So a write pins that
 * consumer's reads of the entity to the store it wrote, until the sync has passed it: forward capture
 * caught up after the write (a UH write), or no older outbox row of the entity still waiting (a cloud
 * write). Pins live in the cloud database (migration.read_pin), so every gateway replica honours them
 * (from its next load, within a second); the replica that took the write honours it at once.
 */
export class ReadPins {
  private readonly load: ReadPinsOptions['load'];
  private readonly recordPin: ReadPinsOptions['record'];
  private readonly intervalMs: number;
  private readonly logger: Logger | undefined;
  private readonly now: () => number;
  /** Loaded from the database: consumer -> entity -> store. */
  private shared = new Map<string, Map<string, PinnedStore>>();
  /**
   * Written here: each kept until a load that began after it was recorded (that load has it), or, when it
   * could not be recorded, for MAX_LOCAL_PIN_MS.
   */
  private local: { pin: ReadPin; created: number; recorded: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failing = false;

  constructor(options: ReadPinsOptions) {
    this.load = options.load;
    this.recordPin = options.record;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.logger = options.logger;
    this.now = options.now ?? (() => Date.now());
  }

  /** The store this consumer's reads of this entity are pinned to, if any. */
  storeFor(consumerKey: string, entity: string): PinnedStore | undefined {
    for (let i = this.local.length - 1; i >= 0; i--) {
      const { pin } = this.local[i]!;
      if (pin.consumerKey === consumerKey && pin.entity === entity) return pin.store;
    }
    return this.shared.get(consumerKey)?.get(entity);
  }

  /** A consumer wrote an entity through `store`: pinned here at once, and for every replica once recorded. */
  async wrote(pin: ReadPin): Promise<void> {
    const entry = { pin, created: this.now(), recorded: Infinity };
    this.local.push(entry);
    try {
      await this.recordPin(pin);
      entry.recorded = this.now();
    } catch (error) {
      // The write happened; only other replicas miss the pin (this one keeps it until a load succeeds).
      this.logger?.warn(
        { err: error, ...pin },
        'read-your-writes pin not recorded: other replicas may serve stale reads',
      );
    }
  }

  async start(): Promise<void> {
    await this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** One load: the database's pins replace what this replica knew, except pins written since it began. */
  async refresh(): Promise<void> {
    const began = this.now();
    try {
      const pins = await this.load();
      const shared = new Map<string, Map<string, PinnedStore>>();
      for (const pin of pins) {
        let byEntity = shared.get(pin.consumerKey);
        if (byEntity === undefined) shared.set(pin.consumerKey, (byEntity = new Map()));
        byEntity.set(pin.entity, pin.store);
      }
      this.shared = shared;
      this.local = this.local.filter(
        (entry) => entry.recorded >= began && began - entry.created < MAX_LOCAL_PIN_MS,
      );
      if (this.failing) this.logger?.info('read-your-writes pins readable again');
      this.failing = false;
    } catch (error) {
      // Keep every pin known: a consumer may read stale data only once the database answers again.
      if (!this.failing)
        this.logger?.warn({ err: error }, 'read-your-writes pins unreadable: keeping the last known');
      this.failing = true;
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.refresh(), this.intervalMs);
      this.timer.unref();
    }
  }
}
