import { PHASES, type EntityPhase, type Phase } from '../phases';

/** A phase to move to, with CANARY's percent. */
export interface PhaseStep {
  readonly phase: Phase;
  readonly percent: number;
}

/** The canary an entity enters from SHADOW unless told otherwise: a tenth of consumers. */
export const FIRST_CANARY_PERCENT = 10;
/**
 * One step back from CLOUD is the largest canary: consumers keep being served by the cloud except the
 * 1% moved back, while writes go back to UH (the master in CANARY). A wider rollback picks its percent.
 */
export const CLOUD_ROLLBACK_PERCENT = 99;

/**
 * The next forward step in the strangler's order: LEGACY -> SHADOW -> CANARY 10% -> CLOUD (a wider canary
 * is a forward step too, taken by choosing its percent); none from CLOUD.
 */
export function nextStep(current: Pick<EntityPhase, 'phase' | 'percent'>): PhaseStep | null {
  const next = PHASES[PHASES.indexOf(current.phase) + 1];
  if (next === undefined) return null;
  return { phase: next, percent: stepPercent(next, FIRST_CANARY_PERCENT) };
}

/** One step back: CLOUD -> CANARY 99%, CANARY -> SHADOW, SHADOW -> LEGACY; none from LEGACY. */
export function previousStep(current: Pick<EntityPhase, 'phase' | 'percent'>): PhaseStep | null {
  const index = PHASES.indexOf(current.phase);
  const previous = index > 0 ? PHASES[index - 1] : undefined;
  if (previous === undefined) return null;
  return { phase: previous, percent: stepPercent(previous, CLOUD_ROLLBACK_PERCENT) };
}

function stepPercent(phase: Phase, canaryPercent: number): number {
  switch (phase) {
    case 'LEGACY':
    case 'SHADOW':
      return 0;
    case 'CANARY':
      return canaryPercent;
    case 'CLOUD':
      return 100;
  }
}
