import { OperationTypeNode } from 'graphql';
import { decideLabels, type LabelDecisions, type RoutingPhase } from './decideLabels';

/** Where a consumer's own recent write pins its reads of an entity (migration/ReadPins.ts). */
export type ReadPinLookup = (consumerKey: string, entity: string) => 'legacy' | 'cloud' | undefined;

/**
 * The labels on for one request. Mutations follow the write master: only CLOUD entities write to cloud
 * (in SHADOW and CANARY, writes still go to UH, which the forward sync copies to cloud). Reads follow the
 * phase, except where the consumer's own write, not yet carried across by the sync, pins them to the store
 * it wrote (read your writes).
 */
export function labelsForRequest(
  labels: readonly string[],
  phases: ReadonlyMap<string, RoutingPhase> | null,
  operationType: OperationTypeNode,
  consumerKey: string,
  pins?: ReadPinLookup,
): LabelDecisions {
  if (operationType !== OperationTypeNode.MUTATION) {
    const decided = decideLabels(labels, phases, consumerKey);
    return pins === undefined ? decided : applyPins(decided, consumerKey, pins);
  }
  const writePhases = new Map<string, RoutingPhase>();
  for (const [entity, phase] of phases ?? [])
    writePhases.set(entity, phase.phase === 'CLOUD' ? phase : { phase: 'LEGACY', percent: 0 });
  return decideLabels(labels, writePhases, consumerKey);
}

function applyPins(decided: LabelDecisions, consumerKey: string, pins: ReadPinLookup): LabelDecisions {
  let labelsOn: Set<string> | undefined;
  const decisions = decided.decisions.map((decision) => {
    const store = pins(consumerKey, decision.entity);
    if (store === undefined || store === decision.store) return decision;
    labelsOn ??= new Set(decided.labelsOn);
    if (store === 'cloud') labelsOn.add(decision.entity);
    else labelsOn.delete(decision.entity);
    return { ...decision, store, pinned: true as const };
  });
  if (labelsOn === undefined) return decided;
  // A pinned entity is read from its writer's store: comparing it with the other store now would
  // only report the sync's lag as a mismatch.
  const pinned = new Set(decisions.filter((d) => d.pinned).map((d) => d.entity));
  return {
    labelsOn,
    decisions,
    shadowEntities: decided.shadowEntities.filter((entity) => !pinned.has(entity)),
  };
}
