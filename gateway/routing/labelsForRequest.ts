import { OperationTypeNode } from 'graphql';
import { decideLabels, type LabelDecisions, type RoutingPhase } from './decideLabels';

/**
 * The labels on for one request. Mutations follow the write master: only CLOUD entities write to cloud
 * (in SHADOW and CANARY, writes still go to UH, which the forward sync copies to cloud).
 */
export function labelsForRequest(
  labels: readonly string[],
  phases: ReadonlyMap<string, RoutingPhase> | null,
  operationType: OperationTypeNode,
  consumerKey: string,
): LabelDecisions {
  if (operationType !== OperationTypeNode.MUTATION) return decideLabels(labels, phases, consumerKey);
  const writePhases = new Map<string, RoutingPhase>();
  for (const [entity, phase] of phases ?? [])
    writePhases.set(entity, phase.phase === 'CLOUD' ? phase : { phase: 'LEGACY', percent: 0 });
  return decideLabels(labels, writePhases, consumerKey);
}
