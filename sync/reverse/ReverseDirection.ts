import type { Logger } from '../../core/createLogger';
import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import type { CycleReport, SourceReading, SyncDirection } from '../worker/SyncDirection';
import { crashPoint } from '../worker/crashPoint';
import { OUTBOX_ENTITIES, parseOutboxPayload, type OutboxEntity } from './outboxPayloads';
import type { OutboxRow } from './OutboxRow';
import { takeDueOutboxRows } from './takeDueOutboxRows';
import { releaseOutageHolds } from './releaseOutageHolds';
import { readApplyContext } from './readApplyContext';
import { readCloudMastered } from './readCloudMastered';
import { applyInUh } from './applyInUh';
import { classifyUhFailure } from './classifyUhFailure';
import {
  markApplied,
  markDead,
  markSetAside,
  markSuperseded,
  scheduleRetry,
  type AppliedRow,
} from './markOutboxRow';
import { lossyTextOf } from './images/lossyTextOf';
import { readOutboxReadings } from './readOutboxReadings';

/**
 * Reverse sync: cloud outbox -> UH (SYNC-DESIGN.md "Reverse"). Each cycle takes the due PENDING outbox rows
 * (takeDueOutboxRows), applies each in ONE UH transaction in UH's own format (applyInUh), then marks it in
 * ONE PostgreSQL transaction (markOutboxRow). Rows of one key run one at a time, in id order; different
 * keys run side by side (`concurrency`).
 *
 * Crash points (sync/worker/crashPoint.ts; HOUSING_SYNC_CRASH_AT=<point>:<n>), in the order a row meets them:
 * - reverse.afterTake: due rows read from the outbox (a cycle that found some), nothing done in UH yet.
 * - reverse.beforeUhCommit: the UH write made, its transaction not committed (UH rolls it back when the
 *   connection dies).
 * - reverse.afterUhWrite: the UH transaction committed, the outbox row not marked (the next cycle finds UH
 *   already holding the image, writes nothing and marks it).
 * - reverse.afterMark: the outbox row marked APPLIED / CONFLICT / DEAD and committed.
 * - reverse.afterRetryScheduled: a failed row's attempts and next_attempt_at committed.
 */
export interface ReverseDirectionOptions {
  readonly uh: UhStore;
  readonly pg: PgStore;
  /** Outbox rows per cycle, 1-1000 (default 200). */
  readonly batchSize?: number;
  /** Keys applied side by side, 1-32 (default 8; each holds one UH connection while it writes). */
  readonly concurrency?: number;
  /** The clock for retry schedules and lag (tests inject one; default the system clock). */
  readonly now?: () => Date;
  readonly log?: Pick<Logger, 'info' | 'warn'>;
}

export const DEFAULT_REVERSE_BATCH_SIZE = 200;
const DEFAULT_CONCURRENCY = 8;

/** What happened to one row in a cycle. */
type RowOutcome = 'applied' | 'setAside' | 'dead' | 'retry';

export class ReverseDirection implements SyncDirection {
  readonly direction = 'reverse' as const;
  private readonly uh: UhStore;
  private readonly pg: PgStore;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly now: () => Date;
  private readonly log: Pick<Logger, 'info' | 'warn'> | undefined;

  constructor(options: ReverseDirectionOptions) {
    this.uh = options.uh;
    this.pg = options.pg;
    this.batchSize = wholeNumber('batchSize', options.batchSize ?? DEFAULT_REVERSE_BATCH_SIZE, 1, 1000);
    this.concurrency = wholeNumber('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY, 1, 32);
    this.now = options.now ?? (() => new Date());
    this.log = options.log;
  }

  async cycle(signal: AbortSignal): Promise<CycleReport> {
    const now = this.now();
    await releaseOutageHolds(this.pg, this.uh, now);
    const rows = await takeDueOutboxRows(this.pg, now, this.batchSize);
    const applied = new Map<string, number>();
    if (rows.length > 0) {
      crashPoint('reverse.afterTake');
      const cloudMastered = await readCloudMastered(this.pg);
      // Rounds: each applies the next row of several keys side by side, then marks the round's applied rows
      // in one PostgreSQL transaction. A key's rows run one round after another, in id order; a row left
      // PENDING (retry) holds back the rest of its key.
      // A round is at most twice `concurrency` keys, so rows are marked (and their lag ends) every few
      // UH transactions rather than once a batch.
      let chains = [...groupByKey(rows).values()];
      while (chains.length > 0 && !signal.aborted) {
        const roundChains = chains.slice(0, this.concurrency * 2);
        const heads = roundChains.map((chain) => chain[0]!);
        const { outcomes, outage } = await this.applyRound(heads, now, cloudMastered, signal);
        const toMark = outcomes.flatMap((outcome) => (typeof outcome === 'object' ? [outcome] : []));
        await markApplied(this.pg, toMark);
        if (toMark.length > 0) crashPoint('reverse.afterMark');
        outcomes.forEach((outcome, i) => {
          if (typeof outcome !== 'object' && outcome !== 'applied') return;
          const entity = heads[i]!.entity;
          applied.set(entity, (applied.get(entity) ?? 0) + 1);
        });
        if (outage !== undefined) throw outage;
        // The keys of this round move on to their next row (unless it must wait for a retry); the keys
        // not yet reached keep their place.
        const advanced = roundChains
          .filter((chain, i) => outcomes[i] !== undefined && outcomes[i] !== 'retry')
          .map((chain) => chain.slice(1))
          .filter((chain) => chain.length > 0);
        chains = [...chains.slice(roundChains.length), ...advanced];
      }
    }
    const readings = await readOutboxReadings(this.pg, now);
    const sources: SourceReading[] = OUTBOX_ENTITIES.map((entity) => ({
      source: entity,
      lagSeconds: readings.get(entity)?.lagSeconds ?? 0,
      lagRows: readings.get(entity)?.pending ?? 0,
      applied: applied.get(entity) ?? 0,
    }));
    return {
      more: rows.length === this.batchSize && !signal.aborted,
      applied: [...applied.values()].reduce((sum, n) => sum + n, 0),
      sources,
    };
  }

  /**
   * The head row of each key, `concurrency` at a time. A store away stops new rows from starting; the rows
   * already started finish, and their outcomes are returned with the outage (those UH holds are still marked).
   * `outcomes[i]` is undefined for a row not started.
   */
  private async applyRound(
    heads: readonly OutboxRow[],
    now: Date,
    cloudMastered: ReadonlySet<OutboxEntity>,
    signal: AbortSignal,
  ): Promise<{ outcomes: (RowOutcome | AppliedRow | undefined)[]; outage: Error | undefined }> {
    const outcomes: (RowOutcome | AppliedRow | undefined)[] = new Array(heads.length);
    let outage: Error | undefined;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < heads.length && outage === undefined && !signal.aborted) {
        const i = next++;
        try {
          outcomes[i] = await this.applyRow(heads[i]!, now, cloudMastered);
        } catch (error) {
          outage ??= error instanceof Error ? error : new Error(String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, heads.length) }, lane));
    return { outcomes, outage };
  }

  /**
   * One row: check its payload, read the cloud side of the decision, apply in UH, mark in PostgreSQL.
   * Throws only when a store is away (LegacyStoreUnavailableError after the retry is scheduled, or
   * CloudStoreUnavailableError), which ends the cycle for the runner to back off.
   */
  private async applyRow(
    row: OutboxRow,
    now: Date,
    cloudMastered: ReadonlySet<OutboxEntity>,
  ): Promise<RowOutcome | AppliedRow> {
    const parsed = parseOutboxPayload(row.entity, row.operation, row.entityKey, row.payload);
    if ('problem' in parsed) return this.dead(row, parsed.problem, null);
    const context = await readApplyContext(this.pg, row, parsed.entity, cloudMastered.has(parsed.entity));
    if (context.supersededBy !== null) {
      await markSuperseded(this.pg, row, context.supersededBy);
      crashPoint('reverse.afterMark');
      return 'applied';
    }
    let result;
    try {
      result = await applyInUh(this.uh, parsed, context, () => crashPoint('reverse.beforeUhCommit'));
    } catch (error) {
      const failure = classifyUhFailure(error);
      if (failure.kind === 'permanent') return this.dead(row, failure.reason, failure.number);
      const next = await scheduleRetry(this.pg, row, failure.reason, now);
      crashPoint('reverse.afterRetryScheduled');
      this.log?.warn(
        { outboxId: row.id, entity: row.entity, key: row.entityKey, attempts: row.attempts + 1, next },
        `reverse sync: UH did not take the row, retrying: ${failure.reason}`,
      );
      if (failure.kind === 'unavailable') throw error;
      return 'retry';
    }
    crashPoint('reverse.afterUhWrite');
    switch (result.kind) {
      case 'alreadyInUh':
      case 'written':
        // Marked with the rest of its round (ReverseDirection.cycle).
        return {
          row,
          mark: {
            entity: parsed.entity,
            tstamp: result.tstamp,
            lossyText: lossyTextOf(parsed),
            conflict: result.kind === 'written' ? result.conflict : null,
            now,
          },
        };
      case 'setAside':
        await markSetAside(this.pg, row, result.conflict);
        crashPoint('reverse.afterMark');
        return 'setAside';
      case 'refused':
        return this.dead(row, result.reason, null);
    }
  }

  private async dead(row: OutboxRow, reason: string, errorNumber: number | null): Promise<RowOutcome> {
    await markDead(this.pg, row, reason, errorNumber);
    crashPoint('reverse.afterMark');
    this.log?.warn(
      { outboxId: row.id, entity: row.entity, key: row.entityKey, errorNumber },
      `reverse sync: outbox row dead-lettered: ${reason}`,
    );
    return 'dead';
  }
}

export function createReverseDirection(options: ReverseDirectionOptions): ReverseDirection {
  return new ReverseDirection(options);
}

/** Rows per (entity, key), each list in id order; keys in the order of their first row. */
function groupByKey(rows: readonly OutboxRow[]): Map<string, OutboxRow[]> {
  const chains = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const key = `${row.entity}\u0000${row.entityKey}`;
    const chain = chains.get(key);
    if (chain === undefined) chains.set(key, [row]);
    else chain.push(row);
  }
  return chains;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`reverse sync ${name}: expected a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
