import { invalidInput } from './migrationErrors';

/**
 * The entities that move from UH to the cloud one at a time. Each name is also the entity's
 * `@override(from: "legacy", label: "<entity>")` label in schema/cloud.graphql and the key of its row in
 * migration.entity_phase (whose CHECK constraint lists the same four): keep the three in step
 * (test/migrationEntities.test.ts compares this list with the supergraph's labels, which the gateway routes by).
 */
export const ENTITIES = ['property', 'tenancy', 'person', 'repairRequest'] as const;
export type Entity = (typeof ENTITIES)[number];

/** In the order an entity moves through them (DESIGN.md, "Moving an entity"). */
export const PHASES = ['LEGACY', 'SHADOW', 'CANARY', 'CLOUD'] as const;
export type Phase = (typeof PHASES)[number];

/** Where one entity stands: its phase, CANARY's share of consumers, and the last change's who/when/why. */
export interface EntityPhase {
  readonly entity: Entity;
  readonly phase: Phase;
  /** 0 for LEGACY and SHADOW, 1-99 for CANARY, 100 for CLOUD. */
  readonly percent: number;
  readonly changedBy: string;
  readonly changedAt: Date;
  readonly reason: string;
}

export const MIN_CANARY_PERCENT = 1;
export const MAX_CANARY_PERCENT = 99;

export function isEntity(value: string): value is Entity {
  return (ENTITIES as readonly string[]).includes(value);
}

export function isPhase(value: string): value is Phase {
  return (PHASES as readonly string[]).includes(value);
}

export function parseEntity(value: string): Entity {
  if (isEntity(value)) return value;
  throw invalidInput(`unknown entity ${JSON.stringify(value)}; expected one of ${ENTITIES.join(', ')}`);
}

/** Phases are upper case; `canary` is accepted for CANARY (people type it), anything else is refused. */
export function parsePhase(value: string): Phase {
  const upper = value.toUpperCase();
  if (isPhase(upper)) return upper;
  throw invalidInput(`unknown phase ${JSON.stringify(value)}; expected one of ${PHASES.join(', ')}`);
}

/** A percent as typed: a whole number from 0 to 100 (whether it fits the phase is validatePhaseChange's call). */
export function parsePercent(value: string): number {
  if (!/^\d{1,3}$/.test(value.trim()) || Number(value) > 100) {
    throw invalidInput(`percent: expected a whole number from 0 to 100, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The percent a phase implies: none of it for LEGACY and SHADOW, all of it for CLOUD; CANARY has none implied. */
export function impliedPercent(phase: Phase): number | undefined {
  switch (phase) {
    case 'LEGACY':
    case 'SHADOW':
      return 0;
    case 'CANARY':
      return undefined;
    case 'CLOUD':
      return 100;
  }
}

/** "CANARY 10%", "CLOUD": how people read a phase (CANARY is meaningless without its percent). */
export function formatPhase(phase: Phase, percent: number): string {
  return phase === 'CANARY' ? `CANARY ${percent}%` : phase;
}
