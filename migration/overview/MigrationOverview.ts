import type { LagSeries } from '../../stores/cloud/readLagSeries';
import type { ReconcileRunReading } from '../../stores/cloud/readReconcileRuns';
import type { PropertyIndexHeadline } from '../../stores/cloud/propertyIndexRuns';
import type { WorkerReading } from '../../stores/cloud/readSyncReadings';
import type { GateVerdict } from '../gates/judgeGates';
import type { GateReadings } from '../gates/readGateReadings';
import type { GateThresholds } from '../gates/gateThresholds';
import type { Entity, Phase } from '../phases';
import type { PhaseStep } from './adjacentSteps';

/**
 * Everything the dashboard (and a deployment pipeline) needs to judge the migration at a glance, read in
 * one go from the cloud database: JSON-ready (dates as ISO strings).
 */
export interface MigrationOverview {
  /** The database's clock when read. */
  readonly readAt: string;
  readonly thresholds: GateThresholds;
  readonly entities: readonly EntityOverview[];
  readonly sync: SyncOverview;
  readonly lag: LagSeries;
  readonly shadowMismatches: {
    readonly windowHours: number;
    readonly recent: readonly RecentShadowMismatch[];
  };
  /** The latest reconciliation of each table ever reconciled, newest first. */
  readonly reconciliations: readonly ReconcileRunReading[];
  /** The latest Property Index headline (`housing property-index` records it); null: never built. */
  readonly propertyIndex: PropertyIndexHeadline | null;
}

export interface EntityOverview {
  readonly entity: Entity;
  readonly phase: Phase;
  readonly percent: number;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly reason: string;
  /** The next forward step, and the gates judged for it now (null in CLOUD: nothing further). */
  readonly next: (PhaseStep & { readonly verdict: GateVerdict }) | null;
  /** One step back (rollback is never gated); null in LEGACY. */
  readonly back: PhaseStep | null;
  /** What the gates read for this entity. */
  readonly readings: GateReadings;
}

export interface SyncOverview {
  readonly workers: readonly WorkerReading[];
  /** Worst lag of the live worker's sources, per direction (null: no worker reading). */
  readonly forwardLagSeconds: number | null;
  readonly reverseLagSeconds: number | null;
  /** Cloud writes waiting for UH (every entity). */
  readonly outboxDepth: number;
  readonly oldestOutboxAgeSeconds: number;
  readonly deadLetters: number;
  readonly openConflicts: number;
}

export interface RecentShadowMismatch {
  readonly id: string;
  readonly entity: string;
  readonly operationName: string | null;
  readonly path: string;
  readonly legacyValue: unknown;
  readonly cloudValue: unknown;
  readonly observedAt: string;
}
