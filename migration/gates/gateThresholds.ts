/**
 * The numbers the safety gates judge readings against, in one place. Defaults suit a council's housing
 * data: changes reach the cloud within seconds, so a minute of forward lag means the sync is behind or
 * stopped; an outbox row waiting half a minute means UH is not receiving the cloud's writes.
 */
export interface GateThresholds {
  /** Forward capture (UH -> cloud) of the entity's UH tables caught up within this many seconds. */
  readonly maxForwardLagSeconds: number;
  /** No outbox row of the entity waiting longer than this for UH (the reverse sync drained). */
  readonly maxOutboxWaitSeconds: number;
  /**
   * The entity's latest reconciliation (every one of its tables) finished within this many hours and left no
   * unexplained difference: a day, so a nightly `housing reconcile` keeps the gate open.
   */
  readonly maxReconciliationAgeHours: number;
}

export const DEFAULT_GATE_THRESHOLDS: GateThresholds = {
  maxForwardLagSeconds: 60,
  maxOutboxWaitSeconds: 30,
  maxReconciliationAgeHours: 24,
};
