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
});
