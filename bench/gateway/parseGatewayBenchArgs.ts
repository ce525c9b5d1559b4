import { CELL_IDS, type CellId } from './benchCells';
import { GATEWAY_NAMES, type GatewayName } from './benchGateways';
import type { BenchScale } from './startSeededStack';

/** `npm run bench -- gateway [options]`; every option is checked and a wrong one says what was expected. */
export interface GatewayBenchOptions {
  /** Measured seconds per gateway and cell. */
  readonly seconds: number;
  /** Warm-up seconds per gateway and cell before measuring (not counted). */
  readonly warmup: number;
  readonly concurrency: number;
  readonly gateways: readonly GatewayName[];
  readonly cells: readonly CellId[];
  readonly subgraphs: readonly ('real' | 'replay')[];
  readonly scale: BenchScale;
  /** Distinct consumers (bearer token subjects) the requests cycle through. */
  readonly consumers: number;
  /** Write a V8 CPU profile of our gateway (one per gateway start) into this directory. */
  readonly profileDir: string | undefined;
}

export const GATEWAY_BENCH_USAGE = `npm run bench -- gateway [--seconds 10] [--warmup 2] [--concurrency 32]
  [--only ${GATEWAY_NAMES.join(',')}] [--cells ${CELL_IDS.join(',')}] [--replay-only | --real-only]
  [--scale small|tiny] [--consumers 4] [--profile-ours <dir>]`;

export function parseGatewayBenchArgs(args: readonly string[]): GatewayBenchOptions {
  const values = new Map<string, string | true>();
  const withValue = [
    '--seconds',
    '--warmup',
    '--concurrency',
    '--only',
    '--cells',
    '--scale',
    '--consumers',
    '--profile-ours',
  ];
  const flags = ['--replay-only', '--real-only'];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (flags.includes(arg)) values.set(arg, true);
    else if (withValue.includes(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new Error(`${arg}: expected a value\n${GATEWAY_BENCH_USAGE}`);
      values.set(arg, value);
      i++;
    } else throw new Error(`unknown argument "${arg}"\n${GATEWAY_BENCH_USAGE}`);
  }
  const text = (flag: string): string | undefined => {
    const value = values.get(flag);
    return typeof value === 'string' ? value : undefined;
  };
  if (values.has('--replay-only') && values.has('--real-only'))
    throw new Error('--replay-only and --real-only exclude each other');
  const scale = text('--scale') ?? 'small';
  if (scale !== 'small' && scale !== 'tiny')
    throw new Error(`--scale: expected small or tiny, got "${scale}"`);
  return {
    seconds: positive('--seconds', text('--seconds'), 10),
    warmup: positive('--warmup', text('--warmup'), 2, true),
    concurrency: positive('--concurrency', text('--concurrency'), 32, false, true),
    gateways: list('--only', text('--only'), GATEWAY_NAMES),
    cells: list('--cells', text('--cells'), CELL_IDS),
    subgraphs: values.has('--replay-only')
      ? ['replay']
      : values.has('--real-only')
        ? ['real']
        : ['real', 'replay'],
    scale,
    consumers: positive('--consumers', text('--consumers'), 4, false, true),
    profileDir: text('--profile-ours'),
  };
}

function positive(
  flag: string,
  raw: string | undefined,
  fallback: number,
  zeroAllowed = false,
  integer = false,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    value < 0 ||
    (!zeroAllowed && value === 0) ||
    (integer && !Number.isInteger(value))
  )
    throw new Error(
      `${flag}: expected a ${zeroAllowed ? 'non-negative' : 'positive'} ${integer ? 'whole number' : 'number'}, got "${raw}"`,
    );
  return value;
}

function list<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T[] {
  if (raw === undefined) return [...allowed];
  const items = raw.split(',').map((item) => item.trim());
  const wrong = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (wrong.length > 0 || items.length === 0)
    throw new Error(`${flag}: expected a comma-separated list of ${allowed.join(', ')}, got "${raw}"`);
  // In the bench's own order, each once.
  return allowed.filter((item) => items.includes(item));
}
