import { invalidInput } from '../migrationErrors';

/**
 * The numbers the safety gates, rollbacks and the automatic guard judge readings against, in one place.
 * Defaults suit a council's housing data: changes reach the cloud within seconds, so a minute of forward
 * lag means the sync is behind or stopped; an outbox row waiting half a minute means UH is not receiving
 * the cloud's writes; a day of shadow reads and of canary traffic is a working week's pattern in small.
 * Any of them can be overridden by a JSON file (HOUSING_GATE_THRESHOLDS or --thresholds; parseGateThresholds).
 */
export interface GateThresholds {
  /** Forward capture (UH -> cloud) of the entity's UH tables caught up within this many seconds. */
  readonly maxForwardLagSeconds: number;
  /** No outbox row of the entity waiting longer than this for UH (the reverse sync drained). */
  readonly maxOutboxWaitSeconds: number;
  /** The entity's latest reconciliation of every table within this many hours, nothing unexplained. */
  readonly maxReconciliationAgeHours: number;
  /** How far back shadow comparisons count towards the CANARY gate. */
  readonly shadowWindowHours: number;
  /** At least this many shadow comparisons of the entity in the window before CANARY. */
  readonly minShadowComparisons: number;
  /** At most this share (0-1) of those comparisons differing (or the cloud read failing). */
  readonly maxShadowMismatchRate: number;
  /** How far back canary traffic counts towards the CLOUD gate. */
  readonly canaryWindowHours: number;
  /** At least this many requests for the entity answered by the cloud in the window before CLOUD. */
  readonly minCanaryRequests: number;
  /** The cloud's error rate for the entity may exceed legacy's by at most this much (0-1) before CLOUD. */
  readonly maxCanaryErrorRateExcess: number;
  /** Leaving CANARY or CLOUD waits at most this long for the entity's outbox to drain. */
  readonly rollbackDrainSeconds: number;
  /** Automatic guard: rates over this many seconds of traffic. */
  readonly guardWindowSeconds: number;
  /** Automatic guard: a rate over its limit for this long moves the entity back one step. */
  readonly guardSustainedSeconds: number;
  /** Automatic guard: a rate is judged only over at least this many requests (or comparisons). */
  readonly guardMinRequests: number;
  /** Automatic guard: the cloud's share (0-1) of failed requests for an entity in CANARY or CLOUD. */
  readonly guardMaxCloudErrorRate: number;
  /** Automatic guard: the share (0-1) of shadow comparisons differing for an entity in CANARY or CLOUD. */
  readonly guardMaxShadowMismatchRate: number;
}

type Kind = 'seconds' | 'hours' | 'count' | 'share';

/** Each threshold: its default, what kind of number it takes, and what it means (the README's table). */
export const GATE_THRESHOLD_SPECS: Readonly<
  Record<keyof GateThresholds, { readonly default: number; readonly kind: Kind; readonly meaning: string }>
> = {
  maxForwardLagSeconds: {
    default: 60,
    kind: 'seconds',
    meaning: "`forward sync lag`: each of the entity's UH tables caught up within this",
  },
  maxOutboxWaitSeconds: {
    default: 30,
    kind: 'seconds',
    meaning: '`outbox drained`: no cloud write of the entity waiting for UH longer than this',
  },
  maxReconciliationAgeHours: {
    default: 24,
    kind: 'hours',
    meaning: '`reconciliation clean`: every table of the entity reconciled within this, nothing unexplained',
  },
  shadowWindowHours: {
    default: 24,
    kind: 'hours',
    meaning: 'shadow comparisons of the last this many hours count',
  },
  minShadowComparisons: {
    default: 1000,
    kind: 'count',
    meaning: '`shadow comparisons`: at least this many in the window',
  },
  maxShadowMismatchRate: {
    default: 0.01,
    kind: 'share',
    meaning: '`shadow mismatch rate`: at most this share differing (a failed cloud read counts as differing)',
  },
  canaryWindowHours: {
    default: 24,
    kind: 'hours',
    meaning: 'canary requests of the last this many hours count',
  },
  minCanaryRequests: {
    default: 1000,
    kind: 'count',
    meaning: '`canary requests`: at least this many answered by the cloud in the window',
  },
  maxCanaryErrorRateExcess: {
    default: 0.001,
    kind: 'share',
    meaning: "`canary error rate`: the cloud's error rate at most legacy's plus this",
  },
  rollbackDrainSeconds: {
    default: 30,
    kind: 'seconds',
    meaning: "leaving CANARY or CLOUD waits at most this long for the entity's outbox to drain",
  },
  guardWindowSeconds: {
    default: 300,
    kind: 'seconds',
    meaning: 'automatic guard: rates over the last this many seconds',
  },
  guardSustainedSeconds: {
    default: 120,
    kind: 'seconds',
    meaning: 'automatic guard: a rate over its limit this long moves the entity back one step',
  },
  guardMinRequests: {
    default: 50,
    kind: 'count',
    meaning: 'automatic guard: a rate is judged over at least this many requests (or comparisons)',
  },
  guardMaxCloudErrorRate: {
    default: 0.05,
    kind: 'share',
    meaning: "automatic guard: the cloud's error rate for the entity",
  },
  guardMaxShadowMismatchRate: {
    default: 0.05,
    kind: 'share',
    meaning: 'automatic guard: the shadow mismatch rate for the entity',
  },
};

export const GATE_THRESHOLD_KEYS = Object.keys(GATE_THRESHOLD_SPECS) as (keyof GateThresholds)[];

export const DEFAULT_GATE_THRESHOLDS: GateThresholds = Object.freeze(
  Object.fromEntries(GATE_THRESHOLD_KEYS.map((key) => [key, GATE_THRESHOLD_SPECS[key].default])) as Record<
    keyof GateThresholds,
    number
  >,
);

const EXPECTED: Record<Kind, string> = {
  seconds: 'a number of seconds, 0 or more',
  hours: 'a number of hours above 0',
  count: 'a whole number, 0 or more',
  share: 'a share from 0 to 1 (0.01 is 1%)',
};

/**
 * Thresholds from a parsed JSON document (`source` names it in errors): an object whose keys are some of
 * GATE_THRESHOLD_KEYS; the rest keep their defaults. An unknown key (a typo would otherwise be ignored
 * silently) or a value of the wrong kind is refused, naming the key and what it takes.
 */
export function parseGateThresholds(value: unknown, source: string): GateThresholds {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(
      `${source}: expected a JSON object of thresholds (${GATE_THRESHOLD_KEYS.join(', ')}), got ${describe(value)}`,
    );
  }
  const result: Record<string, number> = { ...DEFAULT_GATE_THRESHOLDS };
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(GATE_THRESHOLD_SPECS, key)) {
      throw invalidInput(
        `${source}: unknown threshold ${JSON.stringify(key)}; expected one of ${GATE_THRESHOLD_KEYS.join(', ')}`,
      );
    }
    const { kind } = GATE_THRESHOLD_SPECS[key as keyof GateThresholds];
    if (!fits(kind, raw)) {
      throw invalidInput(`${source}: ${key}: expected ${EXPECTED[kind]}, got ${describe(raw)}`);
    }
    result[key] = raw as number;
  }
  return Object.freeze(result) as unknown as GateThresholds;
}

function fits(kind: Kind, raw: unknown): boolean {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return false;
  switch (kind) {
    case 'seconds':
      return raw >= 0;
    case 'hours':
      return raw > 0;
    case 'count':
      return Number.isInteger(raw) && raw >= 0;
    case 'share':
      return raw >= 0 && raw <= 1;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
