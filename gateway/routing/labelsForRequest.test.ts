import { OperationTypeNode } from 'graphql';
import { labelsForRequest } from './labelsForRequest';

const LABELS = ['person', 'property', 'repairRequest', 'tenancy'];
const phases = new Map([
  ['property', { phase: 'CLOUD' as const, percent: 100 }],
  ['tenancy', { phase: 'CANARY' as const, percent: 99 }],
  ['person', { phase: 'SHADOW' as const, percent: 0 }],
]);

describe('labelsForRequest', () => {
  it('reads by the phases, and writes only to cloud for entities in CLOUD (UH stays the write master before)', () => {
    // 'tester' is in tenancy's 99% canary.
    expect([...labelsForRequest(LABELS, phases, OperationTypeNode.QUERY, 'tester').labelsOn].sort()).toEqual([
      'property',
      'tenancy',
    ]);
    const write = labelsForRequest(LABELS, phases, OperationTypeNode.MUTATION, 'tester');
    expect([...write.labelsOn]).toEqual(['property']);
    expect(write.shadowEntities).toEqual([]);
  });

  it("pins a consumer's reads of an entity to the store it wrote (read your writes), never its writes or others' reads", () => {
    const pins = (consumer: string, entity: string) =>
      consumer === 'tester' && entity === 'tenancy' ? ('legacy' as const) : undefined;
    const read = labelsForRequest(LABELS, phases, OperationTypeNode.QUERY, 'tester', pins);
    expect([...read.labelsOn]).toEqual(['property']);
    expect(read.decisions.find((d) => d.entity === 'tenancy')).toMatchObject({
      store: 'legacy',
      pinned: true,
    });
    const other = labelsForRequest(LABELS, phases, OperationTypeNode.QUERY, 'someone-else-7', pins);
    expect(other.decisions.find((d) => d.entity === 'tenancy')?.pinned).toBeUndefined();
    const cloudPin = labelsForRequest(LABELS, phases, OperationTypeNode.QUERY, 'tester', (_c, entity) =>
      entity === 'person' ? 'cloud' : undefined,
    );
    // A pinned SHADOW entity is read from the cloud and not compared (the sync's lag is no mismatch).
    expect(cloudPin.labelsOn.has('person')).toBe(true);
    expect(cloudPin.shadowEntities).toEqual([]);
    const write = labelsForRequest(LABELS, phases, OperationTypeNode.MUTATION, 'tester', pins);
    expect([...write.labelsOn]).toEqual(['property']);
  });
});
