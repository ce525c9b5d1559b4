import { CLOUD_ROLLBACK_PERCENT, FIRST_CANARY_PERCENT, nextStep, previousStep } from './adjacentSteps';

describe('the steps the dashboard offers', () => {
  it.each([
    ['LEGACY', 0, { phase: 'SHADOW', percent: 0 }, null],
    ['SHADOW', 0, { phase: 'CANARY', percent: FIRST_CANARY_PERCENT }, { phase: 'LEGACY', percent: 0 }],
    ['CANARY', 25, { phase: 'CLOUD', percent: 100 }, { phase: 'SHADOW', percent: 0 }],
    ['CLOUD', 100, null, { phase: 'CANARY', percent: CLOUD_ROLLBACK_PERCENT }],
  ] as const)('from %s %i: forward %j, back %j', (phase, percent, next, back) => {
    expect(nextStep({ phase, percent })).toEqual(next);
    expect(previousStep({ phase, percent })).toEqual(back);
  });

  it('enters the canary with a tenth of consumers and leaves CLOUD for the largest canary', () => {
    expect([FIRST_CANARY_PERCENT, CLOUD_ROLLBACK_PERCENT]).toEqual([10, 99]);
  });
});
