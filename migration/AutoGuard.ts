import type { Logger } from 'pino';
import { formatPhase, type Entity, type EntityPhase, type Phase } from './phases';
import type { GateThresholds } from './gates/gateThresholds';
import { GateFailedError, type MigrationStore, type TrafficTotals } from './store/MigrationStore';
import { systemMigrationClock, type MigrationClock } from './MigrationClock';

/** Who the guard's phase changes are recorded as (migration.phase_history.changed_by). */
export const AUTO_GUARD = 'auto-guard';
/** The canary a guard rolling back from CLOUD goes to when the history has none (never walked through one). */
export const FALLBACK_CANARY_PERCENT = 10;
const PRUNE_EVERY_MS = 3_600_000;
/** migration.entity_traffic is kept this long (the gates' windows are hours; the dashboard shows days). */
export const TRAFFIC_RETENTION_DAYS = 30;

export type GuardRate = 'cloudErrorRate' | 'shadowMismatchRate';

/** A rate over its limit: which, its value over the window, the counts behind it, and the limit. */
export interface GuardBreach {
  readonly rate: GuardRate;
  readonly value: number;
  readonly part: number;
  readonly whole: number;
  readonly limit: number;
}

/** What the guard did about one entity on one tick. */
export type GuardAction =
  | {
      readonly kind: 'rolledBack';
      readonly entity: Entity;
      readonly from: EntityPhase;
      readonly to: { readonly phase: Phase; readonly percent: number };
      readonly breaches: readonly GuardBreach[];
      readonly reason: string;
    }
  | {
      readonly kind: 'blocked';
      readonly entity: Entity;
      readonly from: EntityPhase;
      readonly breaches: readonly GuardBreach[];
      readonly message: string;
    }
  | {
      readonly kind: 'breaching';
      readonly entity: Entity;
      readonly breaches: readonly GuardBreach[];
      readonly sinceMs: number;
    }
  /** Its rates were over their limits on an earlier tick, and are not now. */
  | { readonly kind: 'cleared'; readonly entity: Entity };

export interface AutoGuardOptions {
  /** Its own store (the guard holds a connection for its lock while it judges and acts). */
  readonly store: MigrationStore;
  readonly thresholds: GateThresholds;
  readonly clock?: MigrationClock;
  /** Pause between ticks (default 10,000 ms); tests call tick() themselves. */
  readonly intervalMs?: number;
  readonly logger?: Logger;
  /** Every action (the gateway turns them into metrics). */
  readonly onAction?: (action: GuardAction) => void;
}

/**
 * The automatic guard. While an entity is in CANARY or CLOUD, every tick reads the gateways' counts of the
 * last guardWindowSeconds (migration.entity_traffic): the cloud's error rate for the entity, and the share
 * of its shadow comparisons that differed (consumers outside a canary are still shadowed). A rate over its
 * limit (judged only over at least guardMinRequests) for guardSustainedSeconds moves the entity back one
 * step (CLOUD -> the canary it came from, CANARY -> SHADOW) through MigrationStore.setPhase, like any other
 * change: recorded as changed by "auto-guard" with the reason and the readings, refused if writes would be
 * stranded (the guard never accepts a loss; a person does, with --accept-loss), and only if the entity is
 * still where it was judged. Each gateway replica runs one; a PostgreSQL advisory lock lets one of them
 * judge and act at a time. The breach's start is remembered per phase: a phase change starts it over.
 */
export class AutoGuard {
  private readonly store: MigrationStore;
  private readonly thresholds: GateThresholds;
  private readonly clock: MigrationClock;
  private readonly intervalMs: number;
  private readonly logger: Logger | undefined;
  private readonly onAction: AutoGuardOptions['onAction'];
  private readonly breaching = new Map<Entity, { phaseKey: string; since: number }>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;
  private lastPrune = 0;
  private failing = false;

  constructor(options: AutoGuardOptions) {
    this.store = options.store;
    this.thresholds = options.thresholds;
    this.clock = options.clock ?? systemMigrationClock;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.logger = options.logger;
    this.onAction = options.onAction;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.ticking !== undefined) return;
      this.ticking = this.tick()
        .then(
          () => {
            if (this.failing) this.logger?.info('automatic guard: database readable again');
            this.failing = false;
          },
          (error: unknown) => {
            if (!this.failing)
              this.logger?.warn({ err: error }, 'automatic guard: could not judge the entities');
            this.failing = true;
          },
        )
        .finally(() => (this.ticking = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** One judgement of every entity in CANARY or CLOUD; 'busy' when another replica holds the guard's lock. */
  async tick(): Promise<readonly GuardAction[] | 'busy'> {
    return this.store.withGuardLock(async () => {
      const now = this.clock.now();
      const phases = await this.store.readPhases();
      // Only what each entity's current phase served: errors of the phase it was rolled back from are not
      // held against the one it is in now.
      const traffic = await this.store.readEntityTraffic(
        this.thresholds.guardWindowSeconds,
        new Map(phases.map((p) => [p.entity, p.changedAt])),
      );
      const actions: GuardAction[] = [];
      for (const phase of phases) {
        const action = await this.judge(phase, traffic[phase.entity], now);
        if (action !== undefined) {
          actions.push(action);
          this.onAction?.(action);
        }
      }
      if (now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await this.store.pruneEntityTraffic(TRAFFIC_RETENTION_DAYS);
      }
      return actions;
    });
  }

  private async judge(
    phase: EntityPhase,
    traffic: TrafficTotals,
    now: number,
  ): Promise<GuardAction | undefined> {
    const { entity } = phase;
    const breaches = phase.phase === 'CANARY' || phase.phase === 'CLOUD' ? this.breachesOf(traffic) : [];
    if (breaches.length === 0) {
      return this.breaching.delete(entity) ? { kind: 'cleared', entity } : undefined;
    }
    const phaseKey = `${phase.phase}:${phase.percent}:${phase.changedAt.getTime()}`;
    let state = this.breaching.get(entity);
    if (state === undefined || state.phaseKey !== phaseKey) {
      state = { phaseKey, since: now };
      this.breaching.set(entity, state);
    }
    const sustainedMs = now - state.since;
    if (sustainedMs < this.thresholds.guardSustainedSeconds * 1000) {
      this.logger?.warn(
        { entity, phase: formatPhase(phase.phase, phase.percent), breaches, sinceMs: sustainedMs },
        'automatic guard: a rate is over its limit',
      );
      return { kind: 'breaching', entity, breaches, sinceMs: sustainedMs };
    }
    const to = await this.oneStepBack(phase);
    const reason = `${AUTO_GUARD}: ${breaches.map(describeBreach).join('; ')} over the last ${this.thresholds.guardWindowSeconds} s, for ${Math.round(sustainedMs / 1000)} s`;
    try {
      await this.store.setPhase({
        entity,
        phase: to.phase,
        percent: to.percent,
        reason,
        changedBy: AUTO_GUARD,
        ifPhase: { phase: phase.phase, percent: phase.percent },
        gateReadings: {
          guard: { breaches, traffic, windowSeconds: this.thresholds.guardWindowSeconds, sustainedMs },
        },
      });
    } catch (error) {
      if (!(error instanceof GateFailedError)) throw error;
      this.logger?.error(
        { entity, breaches, refusal: error.message },
        'automatic guard: could not roll back (writes would be stranded); a person must decide (housing migrate set ... --accept-loss)',
      );
      return { kind: 'blocked', entity, from: phase, breaches, message: error.message };
    }
    this.breaching.delete(entity);
    this.logger?.warn(
      {
        entity,
        from: formatPhase(phase.phase, phase.percent),
        to: formatPhase(to.phase, to.percent),
        breaches,
        alert: 'migration-auto-rollback',
      },
      `automatic guard rolled ${entity} back: ${reason}`,
    );
    return { kind: 'rolledBack', entity, from: phase, to, breaches, reason };
  }

  private breachesOf(traffic: TrafficTotals): GuardBreach[] {
    const t = this.thresholds;
    const found: GuardBreach[] = [];
    if (traffic.cloudRequests >= t.guardMinRequests && traffic.cloudRequests > 0) {
      const value = traffic.cloudErrors / traffic.cloudRequests;
      if (value > t.guardMaxCloudErrorRate)
        found.push({
          rate: 'cloudErrorRate',
          value,
          part: traffic.cloudErrors,
          whole: traffic.cloudRequests,
          limit: t.guardMaxCloudErrorRate,
        });
    }
    const compared = traffic.shadowMatches + traffic.shadowMismatches + traffic.shadowFailures;
    if (compared >= t.guardMinRequests && compared > 0) {
      const differing = traffic.shadowMismatches + traffic.shadowFailures;
      const value = differing / compared;
      if (value > t.guardMaxShadowMismatchRate)
        found.push({
          rate: 'shadowMismatchRate',
          value,
          part: differing,
          whole: compared,
          limit: t.guardMaxShadowMismatchRate,
        });
    }
    return found;
  }

  /** CLOUD -> the canary percent it came from (the history's last CANARY -> CLOUD), CANARY -> SHADOW. */
  private async oneStepBack(phase: EntityPhase): Promise<{ phase: Phase; percent: number }> {
    if (phase.phase === 'CANARY') return { phase: 'SHADOW', percent: 0 };
    const history = await this.store.history(phase.entity, 20);
    const arrival = history.find((change) => change.toPhase === 'CLOUD');
    const percent = arrival?.fromPhase === 'CANARY' ? arrival.fromPercent : FALLBACK_CANARY_PERCENT;
    return { phase: 'CANARY', percent };
  }
}

function describeBreach(breach: GuardBreach): string {
  const name = breach.rate === 'cloudErrorRate' ? 'cloud error rate' : 'shadow mismatch rate';
  const pct = (share: number) => `${(share * 100).toFixed(2)}%`;
  return `${name} ${pct(breach.value)} (${breach.part} of ${breach.whole}) above ${pct(breach.limit)}`;
}
