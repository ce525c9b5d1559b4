import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/createGatewayMetrics';
import { diffData, type DataDifference } from './diffData';

export interface ShadowMismatchRow {
  readonly entity: string;
  readonly operationName: string | null;
  readonly path: string;
  readonly legacyValue: unknown;
  readonly cloudValue: unknown;
}

export interface ShadowJob {
  readonly entity: string;
  readonly operationName: string | null;
  /** What the client got (served by legacy for this entity). */
  readonly legacyData: unknown;
  /** The same operation with the entity's label on; run off the response path. */
  readonly runCloud: () => Promise<{ data?: unknown; errors?: readonly unknown[] }>;
}

export interface ShadowRunnerOptions {
  /** Fraction of eligible requests compared, 0–1. */
  readonly sampleRate: number;
  /** Jobs waiting beyond those running; more are dropped (and counted), never waited for. */
  readonly queueSize: number;
  /** Shadow reads running at once. */
  readonly concurrency: number;
  readonly record: (rows: readonly ShadowMismatchRow[]) => Promise<void>;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly random?: () => number;
  /** Each comparison's outcome, for the gates' counts (migration/EntityTraffic). */
  readonly onCompared?: (entity: string, outcome: 'match' | 'mismatch' | 'failed') => void;
}

/**
 * Shadow reads for entities in SHADOW: a sample of the requests that touch such an entity is run again
 * with its label on, after the client has its answer, and every difference in the data is recorded
 * (entity, operation, path, both values) and counted. The queue is bounded: when cloud is slow the
 * gateway drops comparisons rather than memory or latency.
 */
export class ShadowRunner {
  private readonly queue: ShadowJob[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: ShadowRunnerOptions) {
    if (!(options.sampleRate >= 0 && options.sampleRate <= 1))
      throw new Error(`shadow sample rate must be between 0 and 1, got ${options.sampleRate}`);
  }

  sampled(): boolean {
    return this.options.sampleRate > 0 && (this.options.random ?? Math.random)() < this.options.sampleRate;
  }

  /** Queue a comparison; false when it was dropped (queue full or stopping). */
  offer(job: ShadowJob): boolean {
    if (this.stopped || this.queue.length >= this.options.queueSize) {
      this.options.metrics.shadowDropped.inc({ entity: job.entity });
      return false;
    }
    this.queue.push(job);
    this.pump();
    return true;
  }

  /** Resolves when every queued comparison has finished (tests, shutdown). */
  async drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.drain();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as ShadowJob;
      this.running++;
      void this.compare(job).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) {
          for (const resolve of this.idle.splice(0)) resolve();
        }
      });
    }
  }

  private compared(entity: string, outcome: 'match' | 'mismatch' | 'failed'): void {
    this.options.metrics.shadowComparisons.inc({ entity, outcome });
    this.options.onCompared?.(entity, outcome);
  }

  private async compare(job: ShadowJob): Promise<void> {
    const { metrics, logger } = this.options;
    let differences: DataDifference[];
    try {
      const cloud = await job.runCloud();
      if (cloud.errors !== undefined && cloud.errors.length > 0) {
        this.compared(job.entity, 'failed');
        logger.warn(
          { entity: job.entity, operationName: job.operationName, errors: cloud.errors.length },
          'shadow read answered with errors; not compared',
        );
        return;
      }
      differences = diffData(job.legacyData, cloud.data ?? null);
    } catch (error) {
      this.compared(job.entity, 'failed');
      logger.warn({ err: error, entity: job.entity }, 'shadow read failed');
      return;
    }
    if (differences.length === 0) {
      this.compared(job.entity, 'match');
      return;
    }
    this.compared(job.entity, 'mismatch');
    metrics.shadowMismatches.inc({ entity: job.entity }, differences.length);
    try {
      await this.options.record(
        differences.map((difference) => ({
          entity: job.entity,
          operationName: job.operationName,
          ...difference,
        })),
      );
    } catch (error) {
      logger.error({ err: error, entity: job.entity }, 'could not record shadow mismatches');
    }
  }
}
