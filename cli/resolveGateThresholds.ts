import { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from '../migration/gates/gateThresholds';
import { readGateThresholdsFile } from '../migration/gates/readGateThresholdsFile';
import { MigrationControlError } from '../migration/migrationErrors';
import { CliError } from './CliError';
import type { CliEnv } from './readCliEnv';

/**
 * The thresholds a command judges by: `--thresholds <file>`, else HOUSING_GATE_THRESHOLDS, else the
 * defaults. A file that cannot be read or holds a bad value stops the command with exit 2, naming the
 * setting, the file, the key and what it takes.
 */
export function resolveGateThresholds(env: CliEnv, flag: string | undefined): GateThresholds {
  const [setting, path] =
    flag !== undefined ? ['--thresholds', flag] : ['HOUSING_GATE_THRESHOLDS', env.gateThresholdsFile];
  if (path === undefined) return DEFAULT_GATE_THRESHOLDS;
  try {
    return readGateThresholdsFile(path);
  } catch (error) {
    if (error instanceof MigrationControlError) throw new CliError(`${setting}: ${error.message}`, 2);
    throw error;
  }
}
