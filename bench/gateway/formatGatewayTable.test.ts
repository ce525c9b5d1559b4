import { gatewayTableRows, targetSummary, unavailableNotes, type CellOutcome } from './formatGatewayTable';

const measured = (
  gateway: 'ours' | 'apollo' | 'hive' | 'hive-rust',
  perSecond: number,
  errors = 0,
  sameData: boolean | 'ref' = true,
): CellOutcome => ({
  kind: 'measured',
  gateway,
  cell: 'a',
  subgraphs: 'replay',
  load: {
    requests: perSecond * 10,
    seconds: 10,
    perSecond,
    p50: 10,
    p99: 20,
    errors,
    sampleError: undefined,
  },
  cpuMsPerRequest: 1.234,
  benchCores: 0.5,
  sameData: sameData === 'ref' ? undefined : sameData,
});

describe('gateway bench table', () => {
  it('gives each row its ratio to apollo in the same cell', () => {
    const rows = gatewayTableRows([measured('apollo', 500, 0, 'ref'), measured('ours', 1200)]);
    expect(rows.slice(1)).toEqual([
      ['apollo', 'a', 'replay', '500', '10.0', '20.0', '0', '1.23', '0.62', '0.50', '1.00x', 'ref'],
      ['ours', 'a', 'replay', '1200', '10.0', '20.0', '0', '1.23', '1.48', '0.50', '2.40x', 'same'],
    ]);
  });

  it('passes ours against apollo (2x) and the better hive (1.2x)', () => {
    const outcomes = [
      measured('ours', 1200),
      measured('apollo', 500),
      measured('hive', 400),
      measured('hive-rust', 1100),
    ];
    expect(targetSummary(outcomes, ['a'])).toEqual([
      'cell a (replay): ours / apollo 2.40x (target >= 2x) PASS; ours / hive-rust 1.09x (target >= 1.2x) FAIL',
    ]);
  });

  it('gives no verdict from a cell with errors, and says when ours is missing', () => {
    expect(
      targetSummary([measured('ours', 1200, 3), measured('apollo', 500), measured('hive', 400)], ['a']),
    ).toEqual([
      'cell a (replay): ours / apollo 2.40x (target >= 2x) INVALID: errors or differing data; ' +
        'ours / hive 3.00x (target >= 1.2x) INVALID: errors or differing data',
    ]);
    const unavailable: CellOutcome = {
      kind: 'unavailable',
      gateway: 'ours',
      cell: undefined,
      subgraphs: undefined,
      reason: 'not built',
    };
    expect(targetSummary([unavailable, measured('apollo', 500)], ['a'])).toEqual([
      'cell a (replay): ours / apollo n/a (not measured); ours / best hive n/a (not measured)',
    ]);
    expect(gatewayTableRows([unavailable])[1]?.slice(0, 4)).toEqual([
      'ours',
      '*',
      '*',
      'not available (see below)',
    ]);
    expect(unavailableNotes([unavailable, measured('apollo', 500)])).toEqual([
      'ours (all subgraphs): not available: not built',
    ]);
  });
});
