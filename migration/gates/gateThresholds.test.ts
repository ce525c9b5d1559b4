import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATE_THRESHOLDS, GATE_THRESHOLD_KEYS, parseGateThresholds } from './gateThresholds';
import { readGateThresholdsFile } from './readGateThresholdsFile';

describe('gate thresholds', () => {
  const message = (work: () => unknown) => {
    try {
      work();
      return 'parsed';
    } catch (error) {
      return `${(error as { code?: string }).code}: ${(error as Error).message}`;
    }
  };

  it('keep the defaults for every key a file leaves out', () => {
    expect(parseGateThresholds({ minShadowComparisons: 20, maxShadowMismatchRate: 0.2 }, 'f')).toEqual({
      ...DEFAULT_GATE_THRESHOLDS,
      minShadowComparisons: 20,
      maxShadowMismatchRate: 0.2,
    });
    expect(Object.keys(DEFAULT_GATE_THRESHOLDS)).toEqual(GATE_THRESHOLD_KEYS);
  });

  it('refuse an unknown key, a value of the wrong kind and a document that is not an object, naming the key and the kind', () => {
    expect(message(() => parseGateThresholds({ minShadowComparison: 20 }, 'thresholds file t.json'))).toBe(
      `MIGRATION_INVALID_INPUT: thresholds file t.json: unknown threshold "minShadowComparison"; expected one of ${GATE_THRESHOLD_KEYS.join(', ')}`,
    );
    expect(message(() => parseGateThresholds({ maxForwardLagSeconds: '60' }, 'f'))).toBe(
      'MIGRATION_INVALID_INPUT: f: maxForwardLagSeconds: expected a number of seconds, 0 or more, got the string "60"',
    );
    expect(message(() => parseGateThresholds({ maxShadowMismatchRate: 5 }, 'f'))).toBe(
      'MIGRATION_INVALID_INPUT: f: maxShadowMismatchRate: expected a share from 0 to 1 (0.01 is 1%), got 5',
    );
    expect(message(() => parseGateThresholds({ minCanaryRequests: 1.5 }, 'f'))).toBe(
      'MIGRATION_INVALID_INPUT: f: minCanaryRequests: expected a whole number, 0 or more, got 1.5',
    );
    expect(message(() => parseGateThresholds({ shadowWindowHours: 0 }, 'f'))).toBe(
      'MIGRATION_INVALID_INPUT: f: shadowWindowHours: expected a number of hours above 0, got 0',
    );
    expect(message(() => parseGateThresholds([1], 'f'))).toMatch(
      /^MIGRATION_INVALID_INPUT: f: expected a JSON object of thresholds \(maxForwardLagSeconds, .*\), got an array$/,
    );
  });

  it('read from a file: a missing file and bad JSON say which file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thresholds-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, '{"guardSustainedSeconds": 30}');
      expect(readGateThresholdsFile(good).guardSustainedSeconds).toBe(30);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{guardSustainedSeconds: 30}');
      expect(message(() => readGateThresholdsFile(bad))).toMatch(
        new RegExp(`^MIGRATION_INVALID_INPUT: thresholds file ${bad}: expected JSON, `),
      );
      expect(message(() => readGateThresholdsFile(join(dir, 'none.json')))).toBe(
        `MIGRATION_INVALID_INPUT: thresholds file ${join(dir, 'none.json')}: cannot be read (ENOENT)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
