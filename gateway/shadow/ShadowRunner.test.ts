import pino from 'pino';
import { createGatewayMetrics } from '../metrics/createGatewayMetrics';
import { ShadowRunner, type ShadowMismatchRow } from './ShadowRunner';

const logger = pino({ level: 'silent' });

async function counter(metrics: ReturnType<typeof createGatewayMetrics>, name: string): Promise<string> {
  const text = await metrics.registry.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .join('\n');
}

describe('ShadowRunner', () => {
  it('records every difference with entity and operation, and counts matches and mismatches', async () => {
    const metrics = createGatewayMetrics();
    const recorded: ShadowMismatchRow[] = [];
    const outcomes: string[] = [];
    const runner = new ShadowRunner({
      sampleRate: 1,
      queueSize: 10,
      concurrency: 1,
      record: async (rows) => void recorded.push(...rows),
      metrics,
      logger,
      onCompared: (entity, outcome) => void outcomes.push(`${entity}:${outcome}`),
    });
    runner.offer({
      entity: 'property',
      operationName: 'P',
      legacyData: { property: { uprn: '1' } },
      runCloud: async () => ({ data: { property: { uprn: '2' } } }),
    });
    runner.offer({
      entity: 'property',
      operationName: 'P',
      legacyData: { property: { uprn: '1' } },
      runCloud: async () => ({ data: { property: { uprn: '1' } } }),
    });
    await runner.drain();
    expect(recorded).toEqual([
      { entity: 'property', operationName: 'P', path: 'property.uprn', legacyValue: '1', cloudValue: '2' },
    ]);
    expect(await counter(metrics, 'housing_gateway_shadow_comparisons_total')).toBe(
      [
        'housing_gateway_shadow_comparisons_total{entity="property",outcome="mismatch"} 1',
        'housing_gateway_shadow_comparisons_total{entity="property",outcome="match"} 1',
      ].join('\n'),
    );
    // The same outcomes go to the gates' counts.
    expect(outcomes).toEqual(['property:mismatch', 'property:match']);
  });

  it('drops (and counts) what does not fit the queue instead of waiting', async () => {
    const metrics = createGatewayMetrics();
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const runner = new ShadowRunner({
      sampleRate: 1,
      queueSize: 2,
      concurrency: 1,
      record: async () => undefined,
      metrics,
      logger,
    });
    const job = {
      entity: 'tenancy',
      operationName: null,
      legacyData: {},
      runCloud: async () => {
        await blocked;
        return { data: {} };
      },
    };
    // One running, two queued, the rest dropped.
    expect([1, 2, 3, 4, 5].map(() => runner.offer(job))).toEqual([true, true, true, false, false]);
    expect(await counter(metrics, 'housing_gateway_shadow_dropped_total')).toBe(
      'housing_gateway_shadow_dropped_total{entity="tenancy"} 2',
    );
    release();
    await runner.drain();
  });

  it('counts a shadow read that fails or answers errors, and compares nothing then', async () => {
    const metrics = createGatewayMetrics();
    const recorded: ShadowMismatchRow[] = [];
    const runner = new ShadowRunner({
      sampleRate: 1,
      queueSize: 5,
      concurrency: 2,
      record: async (rows) => void recorded.push(...rows),
      metrics,
      logger,
    });
    runner.offer({
      entity: 'person',
      operationName: null,
      legacyData: {},
      runCloud: () => Promise.reject(new Error('down')),
    });
    runner.offer({
      entity: 'person',
      operationName: null,
      legacyData: {},
      runCloud: async () => ({ errors: [{}] }),
    });
    await runner.drain();
    expect(recorded).toEqual([]);
    expect(await counter(metrics, 'housing_gateway_shadow_comparisons_total')).toBe(
      'housing_gateway_shadow_comparisons_total{entity="person",outcome="failed"} 2',
    );
  });

  it('samples at its rate and refuses a rate outside 0–1', () => {
    const metrics = createGatewayMetrics();
    const options = { queueSize: 1, concurrency: 1, record: async () => undefined, metrics, logger };
    const values = [0.05, 0.5, 0.95];
    const runner = new ShadowRunner({ ...options, sampleRate: 0.5, random: () => values.shift() ?? 0 });
    expect([runner.sampled(), runner.sampled(), runner.sampled()]).toEqual([true, false, false]);
    expect(new ShadowRunner({ ...options, sampleRate: 0 }).sampled()).toBe(false);
    expect(() => new ShadowRunner({ ...options, sampleRate: 1.5 })).toThrow(
      'shadow sample rate must be between 0 and 1, got 1.5',
    );
  });
});
