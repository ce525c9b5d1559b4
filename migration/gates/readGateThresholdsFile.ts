import { readFileSync } from 'node:fs';
import { invalidInput } from '../migrationErrors';
import { parseGateThresholds, type GateThresholds } from './gateThresholds';

/** Thresholds from a JSON file (HOUSING_GATE_THRESHOLDS, --thresholds): every error names the file. */
export function readGateThresholdsFile(path: string): GateThresholds {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalidInput(
      `thresholds file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`thresholds file ${path}: expected JSON, ${(error as Error).message}`);
  }
  return parseGateThresholds(parsed, `thresholds file ${path}`);
}
