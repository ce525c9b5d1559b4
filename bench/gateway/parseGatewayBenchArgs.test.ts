import { parseGatewayBenchArgs } from './parseGatewayBenchArgs';
import { pairCount } from './checkPass';

describe('parseGatewayBenchArgs', () => {
  it('has defaults for a full run', () => {
    expect(parseGatewayBenchArgs([])).toEqual({
      seconds: 10,
      warmup: 2,
      concurrency: 32,
      gateways: ['ours', 'apollo', 'hive', 'hive-rust'],
      cells: ['a', 'b', 'c', 'd'],
      subgraphs: ['real', 'replay'],
      scale: 'small',
      consumers: 4,
      profileDir: undefined,
    });
  });

  it('takes a subset, in the bench order', () => {
    expect(
      parseGatewayBenchArgs([
        '--only',
        'hive,ours',
        '--cells',
        'd,b',
        '--replay-only',
        '--seconds',
        '5',
        '--scale',
        'tiny',
      ]),
    ).toMatchObject({
      gateways: ['ours', 'hive'],
      cells: ['b', 'd'],
      subgraphs: ['replay'],
      seconds: 5,
      scale: 'tiny',
    });
  });

  it('says what was expected', () => {
    expect(() => parseGatewayBenchArgs(['--only', 'ours,router'])).toThrow(
      '--only: expected a comma-separated list of ours, apollo, hive, hive-rust, got "ours,router"',
    );
    expect(() => parseGatewayBenchArgs(['--concurrency', '2.5'])).toThrow(
      '--concurrency: expected a positive whole number, got "2.5"',
    );
    expect(() => parseGatewayBenchArgs(['--seconds'])).toThrow('--seconds: expected a value');
    expect(() => parseGatewayBenchArgs(['--scale', 'large'])).toThrow(
      '--scale: expected small or tiny, got "large"',
    );
    expect(() => parseGatewayBenchArgs(['--replay-only', '--real-only'])).toThrow('exclude each other');
    expect(() => parseGatewayBenchArgs(['--fast'])).toThrow('unknown argument "--fast"');
  });
});

describe('pairCount', () => {
  it('covers every (body, header set) pair the load sends in turn', () => {
    expect(pairCount(1, 4)).toBe(4);
    expect(pairCount(50, 4)).toBe(100);
    expect(pairCount(200, 4)).toBe(200);
    expect(pairCount(7, 1)).toBe(7);
  });
});
