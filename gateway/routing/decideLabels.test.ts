import { canaryBucket } from './canaryBucket';
import { decideLabels, type RoutingPhase } from './decideLabels';

const LABELS = ['person', 'property', 'repairRequest', 'tenancy'];
const phases = (entries: Record<string, RoutingPhase>) => new Map(Object.entries(entries));

describe('decideLabels', () => {
  it('turns labels on for CLOUD, off for LEGACY and SHADOW, and lists SHADOW entities', () => {
    const decided = decideLabels(
      LABELS,
      phases({
        person: { phase: 'LEGACY', percent: 0 },
        property: { phase: 'CLOUD', percent: 100 },
        repairRequest: { phase: 'SHADOW', percent: 0 },
        tenancy: { phase: 'LEGACY', percent: 0 },
      }),
      'alice',
    );
    expect([...decided.labelsOn]).toEqual(['property']);
    expect(decided.shadowEntities).toEqual(['repairRequest']);
    expect(decided.decisions.map((d) => `${d.entity}:${d.store}`)).toEqual([
      'person:legacy',
      'property:cloud',
      'repairRequest:legacy',
      'tenancy:legacy',
    ]);
  });

  it('keeps every entity on legacy when phases are unknown', () => {
    expect(decideLabels(LABELS, null, 'alice').labelsOn.size).toBe(0);
  });

  it('sends p% of consumers to cloud in CANARY, the same consumers every time', () => {
    const canary = phases({ tenancy: { phase: 'CANARY', percent: 25 } });
    const consumers = Array.from({ length: 2000 }, (_, i) => `consumer-${i}`);
    const on = consumers.filter((key) => decideLabels(LABELS, canary, key).labelsOn.has('tenancy'));
    expect(on.length / consumers.length).toBeGreaterThan(0.22);
    expect(on.length / consumers.length).toBeLessThan(0.28);
    // Consumers outside the canary are read from legacy and may be shadowed; those inside are not.
    for (const key of consumers.slice(0, 50)) {
      const decided = decideLabels(LABELS, canary, key);
      expect(decided.shadowEntities).toEqual(decided.labelsOn.has('tenancy') ? [] : ['tenancy']);
    }
    for (const key of consumers.slice(0, 200)) {
      const first = decideLabels(LABELS, canary, key).labelsOn.has('tenancy');
      for (let i = 0; i < 3; i++)
        expect(decideLabels(LABELS, canary, key).labelsOn.has('tenancy')).toBe(first);
      expect(first).toBe(canaryBucket('tenancy', key) < 25);
    }
  });

  it('only adds consumers as a canary widens', () => {
    const consumers = Array.from({ length: 500 }, (_, i) => `c${i}`);
    const at = (percent: number) =>
      new Set(
        consumers.filter((key) =>
          decideLabels(LABELS, phases({ person: { phase: 'CANARY', percent } }), key).labelsOn.has('person'),
        ),
      );
    const ten = at(10);
    const fifty = at(50);
    for (const key of ten) expect(fifty.has(key)).toBe(true);
  });

  it('salts buckets by entity, so one consumer is not first in every canary', () => {
    const differing = Array.from({ length: 100 }, (_, i) => `k${i}`).filter(
      (key) => canaryBucket('person', key) !== canaryBucket('tenancy', key),
    );
    expect(differing.length).toBeGreaterThan(90);
    // Fixed values: the hash must not change between releases (replicas and restarts agree).
    expect([canaryBucket('tenancy', 'alice'), canaryBucket('property', 'client:repairs-app')]).toEqual([
      87, 65,
    ]);
  });
});
