import { formatPhase, parseEntity, parsePercent, parsePhase } from './phases';

describe('phases', () => {
  it('parses names and says what was expected', () => {
    expect(parseEntity('repairRequest')).toBe('repairRequest');
    expect(() => parseEntity('x')).toThrow(
      'unknown entity "x"; expected one of property, tenancy, person, repairRequest',
    );
    expect(parsePhase('canary')).toBe('CANARY');
    expect(() => parsePhase('BETA')).toThrow(
      'unknown phase "BETA"; expected one of LEGACY, SHADOW, CANARY, CLOUD',
    );
    expect(parsePercent('10')).toBe(10);
    for (const bad of ['', '-1', '101', '1.5', '10%', 'ten'])
      expect(() => parsePercent(bad)).toThrow(
        `percent: expected a whole number from 0 to 100, got ${JSON.stringify(bad)}`,
      );
  });

  it('formats CANARY with its percent and the rest without', () => {
    expect(formatPhase('CANARY', 10)).toBe('CANARY 10%');
    expect(formatPhase('CLOUD', 100)).toBe('CLOUD');
    expect(formatPhase('LEGACY', 0)).toBe('LEGACY');
  });
});
