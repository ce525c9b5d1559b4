import { canaryBucket } from './canaryBucket';

/** The part of an entity's migration phase that routing needs (migration/phases.ts has the full row). */
export interface RoutingPhase {
  readonly phase: 'LEGACY' | 'SHADOW' | 'CANARY' | 'CLOUD';
  readonly percent: number;
}

export interface RoutingDecision {
  readonly entity: string;
  readonly phase: RoutingPhase['phase'];
  readonly store: 'legacy' | 'cloud';
  /** For CANARY: the consumer's bucket (on when bucket < percent). */
  readonly bucket?: number;
  /** The consumer's own write pinned its reads to this store (read your writes; overrides the phase). */
  readonly pinned?: true;
}

export interface LabelDecisions {
  /** Override labels on for this request (each entity's label is its name). */
  readonly labelsOn: ReadonlySet<string>;
  readonly decisions: readonly RoutingDecision[];
  /**
   * Entities whose reads are served by legacy here and may be compared against cloud: every read in SHADOW,
   * and in CANARY the reads of consumers outside the canary (so the comparisons, and the guard watching
   * their mismatch rate, go on while the canary widens).
   */
  readonly shadowEntities: readonly string[];
}

/**
 * Which override labels are on for one consumer: LEGACY and SHADOW off, CLOUD on, CANARY on when the
 * consumer's stable bucket is below the percent (and shadowed otherwise). An entity with no phase row (the database never
 * answered) stays on legacy: the safe side, since every entity starts there.
 */
export function decideLabels(
  labels: readonly string[],
  phases: ReadonlyMap<string, RoutingPhase> | null,
  consumerKey: string,
): LabelDecisions {
  const labelsOn = new Set<string>();
  const decisions: RoutingDecision[] = [];
  const shadowEntities: string[] = [];
  for (const entity of labels) {
    const phase = phases?.get(entity) ?? { phase: 'LEGACY' as const, percent: 0 };
    switch (phase.phase) {
      case 'LEGACY':
        decisions.push({ entity, phase: phase.phase, store: 'legacy' });
        break;
      case 'SHADOW':
        decisions.push({ entity, phase: phase.phase, store: 'legacy' });
        shadowEntities.push(entity);
        break;
      case 'CANARY': {
        const bucket = canaryBucket(entity, consumerKey);
        const on = bucket < phase.percent;
        if (on) labelsOn.add(entity);
        else shadowEntities.push(entity);
        decisions.push({ entity, phase: phase.phase, store: on ? 'cloud' : 'legacy', bucket });
        break;
      }
      case 'CLOUD':
        labelsOn.add(entity);
        decisions.push({ entity, phase: phase.phase, store: 'cloud' });
        break;
      default: {
        const unknown: never = phase.phase;
        throw new Error(`unknown migration phase ${String(unknown)}`);
      }
    }
  }
  return { labelsOn, decisions, shadowEntities };
}
