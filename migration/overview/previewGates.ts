import type { PgClient } from '../../stores/cloud/PgStore';
import type { EntityPhase } from '../phases';
import { judgeGates, type GateVerdict } from '../gates/judgeGates';
import type { GateThresholds } from '../gates/gateThresholds';
import { readGateReadings, type GateReadings } from '../gates/readGateReadings';
import type { PhaseStep } from './adjacentSteps';

/**
 * What setPhase would decide for `to` now: the same readings, judged by the same gates, without locking
 * or writing anything (the dashboard shows it before anyone presses the button; setPhase judges afresh).
 */
export async function previewGates(
  client: PgClient,
  current: EntityPhase,
  to: PhaseStep,
  thresholds: GateThresholds,
): Promise<{ readings: GateReadings; verdict: GateVerdict }> {
  const readings = await readGateReadings(client, current.entity, thresholds);
  return { readings, verdict: judgeGates(current, to, readings, thresholds) };
}
