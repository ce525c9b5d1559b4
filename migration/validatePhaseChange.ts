import {
  MAX_CANARY_PERCENT,
  MIN_CANARY_PERCENT,
  formatPhase,
  impliedPercent,
  parseEntity,
  parsePhase,
  type Entity,
  type EntityPhase,
  type Phase,
} from './phases';
import { invalidChange, invalidInput } from './migrationErrors';

/** Long enough for a sentence and a ticket link; short enough to show in a status table. */
export const MAX_REASON_LENGTH = 500;
export const MAX_CHANGED_BY_LENGTH = 100;

/** What someone asks for: move `entity` to `phase` (with CANARY's percent), saying who and why. */
export interface PhaseChangeRequest {
  readonly entity: Entity;
  readonly phase: Phase;
  readonly percent?: number;
  readonly reason: string;
  readonly changedBy: string;
  /** Readings the caller took itself; kept beside the ones setPhase reads (under `supplied`). */
  readonly gateReadings?: Record<string, unknown>;
  /** Move even though gates fail: recorded as an override, with the failing readings, under `reason`. */
  readonly overrideGates?: boolean;
  /**
   * Leave CANARY or CLOUD even though cloud writes of the entity have not reached UH (they may lose to a UH
   * edit once UH masters again): recorded with the stranded writes, under `reason`.
   */
  readonly acceptLoss?: boolean;
  /**
   * Change only if the entity is still in this phase (and percent): the automatic guard judged readings of
   * that phase, and must not move an entity someone else has moved meanwhile. Refused otherwise.
   */
  readonly ifPhase?: { readonly phase: Phase; readonly percent: number };
}

/** A request that obeys the rules of its phase, with its percent decided and its texts trimmed. */
export interface ValidPhaseChange {
  readonly entity: Entity;
  readonly phase: Phase;
  readonly percent: number;
  readonly reason: string;
  readonly changedBy: string;
  readonly overrideGates: boolean;
  readonly acceptLoss: boolean;
}

/**
 * The rules that do not depend on the current state: checked before touching the database (the CLI checks
 * them before connecting) and again inside setPhase's transaction. Entity and phase are re-checked because
 * callers outside TypeScript (JSON, the command line) can send anything.
 */
export function validatePhaseRequest(request: PhaseChangeRequest): ValidPhaseChange {
  const entity = parseEntity(String(request.entity));
  const phase = parsePhase(String(request.phase));
  const percent = decidePercent(phase, request.percent);
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (reason === '') {
    throw invalidChange('a reason is required: say why the phase changes (it is kept in the phase history)');
  }
  if (reason.length > MAX_REASON_LENGTH) {
    throw invalidChange(
      `the reason is ${reason.length} characters long; at most ${MAX_REASON_LENGTH} are kept (link to a ticket for more)`,
    );
  }
  const changedBy = typeof request.changedBy === 'string' ? request.changedBy.trim() : '';
  if (changedBy === '' || changedBy.length > MAX_CHANGED_BY_LENGTH) {
    throw invalidChange(
      `changed by: expected a name of 1 to ${MAX_CHANGED_BY_LENGTH} characters, got ${JSON.stringify(request.changedBy)}`,
    );
  }
  return {
    entity,
    phase,
    percent,
    reason,
    changedBy,
    overrideGates: request.overrideGates === true,
    acceptLoss: request.acceptLoss === true,
  };
}

/** The one rule that needs the current state: a change must change something. */
export function checkAgainstCurrent(current: EntityPhase, next: ValidPhaseChange): void {
  if (current.phase === next.phase && current.percent === next.percent) {
    throw invalidChange(
      `${next.entity} is already ${formatPhase(next.phase, next.percent)} ` +
        `(since ${current.changedAt.toISOString()}, by ${current.changedBy}); nothing changed`,
    );
  }
}

function decidePercent(phase: Phase, percent: number | undefined): number {
  if (percent !== undefined && (!Number.isInteger(percent) || percent < 0 || percent > 100)) {
    throw invalidInput(`percent: expected a whole number from 0 to 100, got ${String(percent)}`);
  }
  const implied = impliedPercent(phase);
  if (implied === undefined) {
    // CANARY: 0 would be LEGACY routing and 100 CLOUD routing under a misleading name.
    if (percent === undefined || percent < MIN_CANARY_PERCENT || percent > MAX_CANARY_PERCENT) {
      throw invalidChange(
        `CANARY needs --percent from ${MIN_CANARY_PERCENT} to ${MAX_CANARY_PERCENT} (the share of consumers served by the cloud), ` +
          `got ${percent === undefined ? 'none' : String(percent)}; use LEGACY or SHADOW for 0 and CLOUD for 100`,
      );
    }
    return percent;
  }
  if (percent !== undefined && percent !== implied) {
    throw invalidChange(
      `${phase} takes no percent (it is always ${implied}%), got ${percent}; only CANARY has a percent`,
    );
  }
  return implied;
}
