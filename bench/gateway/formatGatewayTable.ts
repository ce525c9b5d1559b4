import type { CellId } from './benchCells';
import type { GatewayName } from './benchGateways';
import type { LoadResult } from './measureLoad';

/** One gateway in one cell over real or replay subgraphs: measured, or why not. */
export type CellOutcome =
  | {
      readonly kind: 'measured';
      readonly gateway: GatewayName;
      readonly cell: CellId;
      readonly subgraphs: 'real' | 'replay';
      readonly load: LoadResult;
      /** Gateway process CPU (user + system) per request, milliseconds. */
      readonly cpuMsPerRequest: number;
      /** Cores this bench process kept busy meanwhile (autocannon, replay subgraphs, the real stack). */
      readonly benchCores: number;
      /** The probe response's data equals the reference gateway's (the first one measured). */
      readonly sameData: boolean | undefined;
    }
  | {
      readonly kind: 'unavailable';
      readonly gateway: GatewayName;
      readonly cell: CellId | undefined;
      readonly subgraphs: 'real' | 'replay' | undefined;
      readonly reason: string;
    };

export const TARGET_VS_APOLLO = 2;
export const TARGET_VS_HIVE = 1.2;

export function gatewayTableRows(outcomes: readonly CellOutcome[]): string[][] {
  const rows = [
    [
      'gateway',
      'cell',
      'subgraphs',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'CPU ms/req',
      'gw cores',
      'bench cores',
      'x apollo',
      'data',
    ],
  ];
  for (const outcome of outcomes) {
    if (outcome.kind === 'unavailable') {
      rows.push([
        outcome.gateway,
        outcome.cell ?? '*',
        outcome.subgraphs ?? '*',
        'not available (see below)',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
      continue;
    }
    const apollo = find(outcomes, 'apollo', outcome.cell, outcome.subgraphs);
    const { load } = outcome;
    rows.push([
      outcome.gateway,
      outcome.cell,
      outcome.subgraphs,
      load.perSecond.toFixed(0),
      load.p50.toFixed(1),
      load.p99.toFixed(1),
      String(load.errors),
      outcome.cpuMsPerRequest.toFixed(2),
      // Cores the gateway kept busy: near 1.0 a single-threaded gateway was the bottleneck.
      ((outcome.cpuMsPerRequest * load.perSecond) / 1000).toFixed(2),
      outcome.benchCores.toFixed(2),
      apollo ? `${(load.perSecond / apollo.load.perSecond).toFixed(2)}x` : '-',
      outcome.sameData === undefined ? 'ref' : outcome.sameData ? 'same' : 'DIFFERS',
    ]);
  }
  return rows;
}

/** Why a gateway has no figures, one line each (kept out of the table, whose columns they would stretch). */
export function unavailableNotes(outcomes: readonly CellOutcome[]): string[] {
  return outcomes.flatMap((outcome) =>
    outcome.kind === 'unavailable'
      ? [`${outcome.gateway} (${outcome.subgraphs ?? 'all'} subgraphs): not available: ${outcome.reason}`]
      : [],
  );
}

/** Per replay cell: ours against @apollo/gateway (>= 2x) and against the better Hive configuration (>= 1.2x). */
export function targetSummary(outcomes: readonly CellOutcome[], cells: readonly CellId[]): string[] {
  return cells.map((cell) => {
    const ours = find(outcomes, 'ours', cell, 'replay');
    const apollo = find(outcomes, 'apollo', cell, 'replay');
    const hives = (['hive', 'hive-rust'] as const)
      .map((name) => find(outcomes, name, cell, 'replay'))
      .filter((outcome) => outcome !== undefined)
      .sort((a, b) => b.load.perSecond - a.load.perSecond);
    const bestHive = hives[0];
    return `cell ${cell} (replay): ${ratio('ours / apollo', ours, apollo, TARGET_VS_APOLLO)}; ${ratio(
      `ours / ${bestHive?.gateway ?? 'best hive'}`,
      ours,
      bestHive,
      TARGET_VS_HIVE,
    )}`;
  });
}

type Measured = Extract<CellOutcome, { kind: 'measured' }>;

function find(
  outcomes: readonly CellOutcome[],
  gateway: GatewayName,
  cell: CellId,
  subgraphs: 'real' | 'replay',
): Measured | undefined {
  return outcomes.find(
    (outcome): outcome is Measured =>
      outcome.kind === 'measured' &&
      outcome.gateway === gateway &&
      outcome.cell === cell &&
      outcome.subgraphs === subgraphs,
  );
}

function ratio(
  label: string,
  ours: Measured | undefined,
  peer: Measured | undefined,
  target: number,
): string {
  if (!ours || !peer) return `${label} n/a (not measured)`;
  const value = ours.load.perSecond / peer.load.perSecond;
  // A run with errors measured error responses, not the gateway: no verdict from it.
  if (ours.load.errors > 0 || peer.load.errors > 0 || ours.sameData === false || peer.sameData === false)
    return `${label} ${value.toFixed(2)}x (target >= ${target}x) INVALID: errors or differing data`;
  return `${label} ${value.toFixed(2)}x (target >= ${target}x) ${value >= target ? 'PASS' : 'FAIL'}`;
}
