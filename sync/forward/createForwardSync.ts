/**
 * Forward change capture, UH -> cloud: the `forward` SyncDirection the worker runner drives.
 *
 * Crash points (HOUSING_SYNC_CRASH_AT=<point>:<n>, sync/worker/crashPoint.ts), in the order a cycle meets them:
 * - forward.afterRead      UH polled (and dependent rows re-read); nothing written to PostgreSQL yet
 * - forward.afterUpsert    rows, conflicts, rejects and descriptions written, checkpoints not yet: not committed
 * - forward.afterCommit    the cycle's transaction (data + checkpoints) committed
 * - forward.sweep.afterDelete  the delete sweep removed and recorded an entity's rows: not committed
 * - forward.sweep.afterCommit  that entity's deletions committed
 * - forward.sweep.afterRederive  rows built from a deleted contacts/postcode/debtype row derived again: not committed
 * - forward.sweep.afterRederiveCommit  those committed
 * After the sweep, the open rejects of rows UH no longer holds are resolved (resolveRejectsOfDeletedRows):
 * judged from UH's keys each sweep, so a crash before it leaves them open for the next one.
 * Whichever is hit, PostgreSQL holds either the whole cycle (data and checkpoints) or none of it, and the
 * next cycle reads from the last committed checkpoints: nothing is lost, and re-applying is idempotent.
 */
import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import type { BackfillEntityName } from '../backfill/BackfillEntity';
import { crashPoint } from '../worker/crashPoint';
import type { CycleReport, SourceReading, SyncDirection } from '../worker/SyncDirection';
import { applyTenureDescriptions, applyTypeDescriptions } from './applyCodeDescriptions';
import { applyEntityChanges, type EntityApplyReport } from './applyEntityChanges';
import { collectChanges, type ChangeSet } from './collectChanges';
import { readEntityPhases, type EntityPhases } from './entityPhases';
import {
  readCycleStart,
  writeCheckpoints,
  type CheckpointWrite,
  type CycleStart,
} from './forwardCheckpoints';
import { neverMatches, type PendingWriteMatcher } from './PendingWriteMatcher';
import { pollChanges, type PolledTable, type PollResult } from './pollChanges';
import { resolveRejectsOfDeletedRows } from './resolveRejectsOfDeletedRows';
import { sweepDeletes, type EntitySweep } from './sweepDeletes';

export interface ForwardSyncOptions {
  readonly uh: UhStore;
  readonly pg: PgStore;
  /** Changes read per UH table per cycle (default 20,000; 1 to 50,000). */
  readonly batchSize?: number;
  /** The clock deciding when the lag count and the delete sweep are due (tests inject one). */
  readonly now?: () => Date;
  readonly log?: (message: string, detail?: Record<string, unknown>) => void;
  /** Does UH already hold a pending outbox row's write? (the reverse direction's UH image; default: never) */
  readonly pendingWriteMatcher?: PendingWriteMatcher;
  /** Run the delete sweep from cycle() when this long has passed since the last (default 10 minutes; null: only when sweepDeletes() is called). */
  readonly sweepEveryMs?: number | null;
  /** About how many cloud rows one sweep range holds (default 10,000). */
  readonly sweepRangeSize?: number;
  /** Count the rows waiting above each checkpoint at most this often (default 5 s): a scan per table. */
  readonly lagCountEveryMs?: number;
}

export interface ForwardCycleReport extends CycleReport {
  /** UH versions the cloud already held (written by the reverse direction, or applied before). */
  readonly echoes: number;
  /** UH versions older than the cloud's, not applied. */
  readonly older: number;
  readonly conflicts: number;
  /** Rows the cloud model cannot hold, kept in sync.reject (job 'forward'). */
  readonly rejected: number;
  /** Open rejects of rows UH has fixed since (forward's or the backfill's): resolved in the cycle's transaction. */
  readonly resolvedRejects: number;
  /** UH tables not polled yet: a backfill entity reading them is not complete. */
  readonly waiting: readonly string[];
  /** The delete sweep, when this cycle ran it. */
  readonly sweep?: readonly EntitySweep[];
  /** Where the cycle's time went (wall clock, ms): for metrics and the bench. */
  readonly timings: CycleTimings;
}

export interface CycleTimings {
  /** Checkpoints read, UH polled. */
  readonly pollMs: number;
  /** Cloud lookups and UH re-reads for dependent rows. */
  readonly dependentsMs: number;
  /** The PostgreSQL transaction (mapping included). */
  readonly applyMs: number;
}

export interface ForwardSync extends SyncDirection {
  readonly direction: 'forward';
  cycle(signal: AbortSignal): Promise<ForwardCycleReport>;
  /** Compare key sets and apply UH's deletions now (and resolve the rejects of rows UH no longer holds). */
  sweepDeletes(signal?: AbortSignal): Promise<EntitySweep[]>;
}

/**
 * Every poll scans each UH table (UH has no index on tstamp, and none may be added), so a catch-up pays
 * that once per batch: 20,000 caught up 100,000 changed rows at about 29,000 rows/s where 10,000 gave
 * about 19,000 (bench sync-forward, scale small). A cycle's transaction stays a few seconds at most.
 */
export const DEFAULT_FORWARD_BATCH = 20_000;
const MAX_FORWARD_BATCH = 50_000;
const DEFAULT_SWEEP_EVERY_MS = 10 * 60_000;
const DEFAULT_LAG_COUNT_EVERY_MS = 5_000;

/** Backfill entity order, so a cycle applies what others refer to first (as the backfill does). */
const ENTITY_ORDER: readonly BackfillEntityName[] = [
  'tenureType',
  'property',
  'tenancy',
  'member',
  'contactDetails',
  'repairRequest',
  'rentTransaction',
];

/**
 * Per cycle: PostgreSQL's time and the checkpoints (one query); UH's changes of every table in one
 * request, below MIN_ACTIVE_ROWVERSION() (pollChanges); rows depending on changed rows of other tables
 * read again (only when such changes came); then ONE PostgreSQL transaction applies everything with the
 * checkpoints (applyEntityChanges for echoes, older versions, conflicts and lossy text). A cycle that
 * found nothing writes only the checkpoints (caught_up_at), in one statement.
 */
export function createForwardSync(options: ForwardSyncOptions): ForwardSync {
  const batchSize = options.batchSize ?? DEFAULT_FORWARD_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_FORWARD_BATCH) {
    throw new RangeError(
      `batchSize: expected a whole number from 1 to ${MAX_FORWARD_BATCH}, got ${batchSize}`,
    );
  }
  const { uh, pg } = options;
  const now = options.now ?? (() => new Date());
  const matcher = options.pendingWriteMatcher ?? neverMatches;
  const sweepEveryMs = options.sweepEveryMs === undefined ? DEFAULT_SWEEP_EVERY_MS : options.sweepEveryMs;
  const lagCountEveryMs = options.lagCountEveryMs ?? DEFAULT_LAG_COUNT_EVERY_MS;
  let lastSweep = now().getTime();
  let lastLagCount: number | undefined;
  const lagRows = new Map<string, number>();
  // While catching up, the next cycle's poll is read from UH while this cycle writes to PostgreSQL: it
  // reads above the checkpoints this cycle is committing, and is used only if the next cycle starts from
  // exactly those (else, e.g. after a failed commit, it is dropped and UH is polled again).
  let prefetch: { signature: string; readAfter: Date; poll: Promise<PollResult> } | undefined;
  const lagDue = () => lastLagCount === undefined || now().getTime() - lastLagCount >= lagCountEveryMs;
  const poll = (tables: readonly PolledTable[]): Promise<PollResult> => {
    const countLag = lagDue();
    if (countLag) lastLagCount = now().getTime();
    return pollChanges(uh, tables, batchSize, countLag);
  };
  // A cycle and a sweep never run at once (both move the same rows).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const runSweep = async (signal?: AbortSignal): Promise<EntitySweep[]> => {
    lastSweep = now().getTime();
    const report = await sweepDeletes(uh, pg, {
      rangeSize: options.sweepRangeSize,
      signal,
      pendingWriteMatcher: matcher,
    });
    const resolvedRejects = await resolveRejectsOfDeletedRows(uh, pg, signal);
    options.log?.('forward: delete sweep', { report, resolvedRejects });
    return report;
  };

  const runCycle = async (signal: AbortSignal): Promise<ForwardCycleReport> => {
    const started = performance.now();
    const start = await readCycleStart(pg);
    const idle = emptyReport(start);
    if (signal.aborted || start.tables.length === 0) return idle;
    const ahead = prefetch;
    prefetch = undefined;
    let polledChanges: PollResult;
    // caught_up_at: a PostgreSQL time before UH was read (the cycle that prefetched began earlier still).
    let readAfter = start.startedAt;
    if (ahead !== undefined && ahead.signature === signatureOf(start.tables)) {
      polledChanges = await ahead.poll;
      readAfter = ahead.readAfter;
    } else {
      ahead?.poll.catch(() => undefined);
      polledChanges = await poll(start.tables);
    }
    const polled = performance.now();
    const changes = await collectChanges(uh, pg, polledChanges);
    const collected = performance.now();
    crashPoint('forward.afterRead');
    if (signal.aborted) return idle;

    const writes: CheckpointWrite[] = changes.progress.map((progress, i) => ({
      start: start.tables[i] as CycleStart['tables'][number],
      next: progress.nextCheckpoint(changes.hi),
      taken: progress.taken().length,
      caughtUp: progress.caughtUp,
    }));
    if (changes.progress.some((p) => p.more)) {
      const next = start.tables.map((t, i) => ({
        capture: t.capture,
        checkpoint: writes[i]?.next ?? t.checkpoint,
      }));
      const ahead = poll(next);
      ahead.catch(() => undefined); // awaited by the next cycle, or dropped
      prefetch = { signature: signatureOf(next), readAfter: start.startedAt, poll: ahead };
    }
    const totals = { applied: 0, echoes: 0, older: 0, conflicts: 0, rejected: 0, resolvedRejects: 0 };
    if (changes.entities.size === 0 && changes.typeDescriptions.length === 0) {
      // Nothing to apply: the checkpoints alone, one statement (atomic by itself), one round trip.
      await pg.withClient((client) => writeCheckpoints(client, writes, readAfter));
    } else {
      await pg.withTransaction(async (client) => {
        // A batch's statements look costly to the planner (thousands of keys) and would be JIT-compiled,
        // which costs more than it saves for index lookups and upserts: ~80 ms a statement.
        await client.query('SET LOCAL jit = off');
        let phases: Promise<EntityPhases> | undefined;
        const context = { client, matcher, phases: () => (phases ??= readEntityPhases(client)) };
        for (const entity of ENTITY_ORDER) {
          const entityChanges = changes.entities.get(entity);
          if (entityChanges === undefined) continue;
          const report = await applyEntityChanges(context, entity, entityChanges);
          add(totals, report);
          if (entity === 'tenureType') {
            totals.applied += await applyTenureDescriptions(client, tenureDescriptions(report));
          }
        }
        totals.applied += await applyTypeDescriptions(client, changes.typeDescriptions);
        crashPoint('forward.afterUpsert');
        await writeCheckpoints(client, writes, readAfter);
      });
    }
    crashPoint('forward.afterCommit');

    const report: ForwardCycleReport = {
      ...totals,
      timings: {
        pollMs: polled - started,
        dependentsMs: collected - polled,
        applyMs: performance.now() - collected,
      },
      more: changes.progress.some((p) => p.more),
      sources: readings(changes, start, polledChanges.tables, lagRows),
      waiting: start.waiting,
    };
    if (totals.conflicts > 0 || totals.rejected > 0 || totals.resolvedRejects > 0)
      options.log?.('forward: cycle', { ...report });
    if (sweepEveryMs !== null && now().getTime() - lastSweep >= sweepEveryMs && !signal.aborted) {
      return { ...report, sweep: await runSweep(signal) };
    }
    return report;
  };

  return {
    direction: 'forward',
    cycle: (signal) => serial(() => runCycle(signal)),
    sweepDeletes: (signal) => serial(() => runSweep(signal)),
  };
}

/** Which checkpoints a poll read above: a prefetched poll is used only by a cycle starting from them. */
function signatureOf(tables: readonly PolledTable[]): string {
  return tables.map((t) => `${t.capture.table}:${t.checkpoint.toString('hex')}`).join(',');
}

function add(
  totals: {
    applied: number;
    echoes: number;
    older: number;
    conflicts: number;
    rejected: number;
    resolvedRejects: number;
  },
  report: EntityApplyReport,
): void {
  totals.applied += report.applied.length;
  totals.echoes += report.echoes;
  totals.older += report.older;
  totals.conflicts += report.conflicts;
  totals.rejected += report.rejected;
  totals.resolvedRejects += report.resolvedRejects;
}

function tenureDescriptions(report: EntityApplyReport): { code: string; description: string | null }[] {
  return (report.applied as { code: string; description: string | null }[]).map((t) => ({
    code: t.code,
    description: t.description,
  }));
}

function emptyReport(start: CycleStart): ForwardCycleReport {
  return {
    more: false,
    applied: 0,
    echoes: 0,
    older: 0,
    conflicts: 0,
    rejected: 0,
    resolvedRejects: 0,
    waiting: start.waiting,
    timings: { pollMs: 0, dependentsMs: 0, applyMs: 0 },
    sources: start.tables.map((t) => ({
      source: t.capture.table,
      lagSeconds: t.lagSeconds,
      lagRows: 0,
      applied: 0,
    })),
  };
}

/**
 * Per UH table: seconds since it was last caught up (0 when this cycle was), rows waiting above its
 * checkpoint (counted every few seconds, estimated in between), changes taken this cycle.
 */
function readings(
  changes: ChangeSet,
  start: CycleStart,
  polls: readonly { readonly rowsAbove: number | undefined }[],
  lagRows: Map<string, number>,
): SourceReading[] {
  return changes.progress.map((progress, i) => {
    const taken = progress.taken().length;
    const counted = polls[i]?.rowsAbove;
    const before = counted ?? lagRows.get(progress.table) ?? taken;
    const waiting = progress.caughtUp ? 0 : Math.max(progress.more ? 1 : 0, before - taken);
    lagRows.set(progress.table, waiting);
    return {
      source: progress.table,
      lagSeconds: progress.caughtUp ? 0 : (start.tables[i]?.lagSeconds ?? 0),
      lagRows: waiting,
      applied: taken,
    };
  });
}
