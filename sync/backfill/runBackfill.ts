import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { PgStore } from '../../stores/cloud/PgStore';
import { UhStore, type UhRow } from '../../stores/uh/UhStore';
import {
  BACKFILL_ENTITIES,
  type AnyBackfillEntity,
  type BackfillEntityName,
  type KeyValue,
} from './BackfillEntity';
import type { BackfillProgress, BackfillSummary, EntitySummary } from './BackfillSummary';
import { backfillEntities } from './backfillEntities';
import { readCheckpoint, resetCheckpoints, writeCheckpoint, type Checkpoint } from './checkpoints';
import { ChunkPlanner, type PlannedChunk } from './planChunks';
import { keyOfRow } from './keysetPredicate';
import { withBackfillLock } from './withBackfillLock';
import { countRejections, writeRejections } from './writeRejections';

export interface BackfillOptions {
  readonly uh: MssqlConnectionConfig;
  readonly cloudUrl: string;
  /** Which entities (default all); always run in dependency order (BACKFILL_ENTITIES). */
  readonly entities?: readonly BackfillEntityName[];
  /** UH rows per chunk (one SELECT, one PostgreSQL transaction); 1 to MAX_BATCH_SIZE, default 5,000. */
  readonly batchSize?: number;
  /** Forget the checkpoints (and rejects) of these entities first, so everything is read again. */
  readonly restart?: boolean;
  readonly onProgress?: (event: BackfillProgress) => void;
  /** Abort: the chunk in flight is committed, then the run stops with a resumable checkpoint. */
  readonly signal?: AbortSignal;
  /** Limit for one UH request (default 120 s: a chunk of a large table over a slow link). */
  readonly uhTimeoutMs?: number;
}

export const DEFAULT_BATCH_SIZE = 5_000;
export const MAX_BATCH_SIZE = 50_000;
/** PostgreSQL transactions writing chunks of one entity at once (where chunks share no rows). */
const CONCURRENT_WRITES = 2;
/** Chunks read from UH at once (see ChunkPlanner). */
const READ_AHEAD = 2;

/**
 * Copy UH into the cloud model, entity by entity, in chunks walked by each UH table's unique index
 * (keyset pagination, never OFFSET). Each chunk is mapped by the legacy store's own mappers, upserted,
 * and the entity's checkpoint advanced in one PostgreSQL transaction: a crash or a signal loses at most
 * the chunk in flight, and the next run resumes after the last committed key. An entity whose checkpoint
 * is complete is not read again (restart: true re-reads it; the upserts then change nothing that is equal).
 * While one chunk is written to PostgreSQL the next is read from UH.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillSummary> {
  const batchSize = validBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE);
  const wanted = validEntities(options.entities ?? BACKFILL_ENTITIES);
  const started = performance.now();
  const pg = new PgStore({
    connectionString: options.cloudUrl,
    max: 2 + CONCURRENT_WRITES,
    applicationName: 'housing sync backfill',
  });
  const uh = new UhStore({
    connection: options.uh,
    timeoutMs: options.uhTimeoutMs ?? 120_000,
    maxConnections: 2 + READ_AHEAD,
    // A chunk read could copy a version its transaction then rolls back; forward capture,
    // starting from this walk's mark, would never see the row again.
    committedReadsOnly: true,
  });
  try {
    return await withBackfillLock(pg, async () => {
      if (options.restart === true) await resetCheckpoints(pg, wanted);
      const entities: EntitySummary[] = [];
      for (const name of wanted) {
        if (options.signal?.aborted === true) {
          entities.push(notStarted(name));
          continue;
        }
        const summary = await backfillEntity(uh, pg, backfillEntities[name], batchSize, options);
        entities.push(summary);
        options.onProgress?.({ kind: 'end', summary });
      }
      const seconds = (performance.now() - started) / 1000;
      const rows = entities.reduce((sum, e) => sum + e.rows, 0);
      return {
        entities,
        rejects: await countRejections(pg),
        interrupted: entities.some((e) => e.status === 'interrupted' || e.status === 'notStarted'),
        seconds,
        rows,
        rowsPerSecond: seconds > 0 ? rows / seconds : 0,
      };
    });
  } finally {
    await uh.close();
    await pg.close();
  }
}

async function backfillEntity(
  uh: UhStore,
  pg: PgStore,
  entity: AnyBackfillEntity,
  batchSize: number,
  options: BackfillOptions,
): Promise<EntitySummary> {
  const started = performance.now();
  const stored = await readCheckpoint(pg, entity.name);
  // A walk starting afresh notes where UH's rowversions stood; a resumed walk keeps its first mark.
  const checkpoint =
    stored.uhMark === null && !stored.completed ? { ...stored, uhMark: await rowversionMark(uh) } : stored;
  const total = await countRows(uh, entity);
  if (checkpoint.completed) {
    return {
      entity: entity.name,
      status: 'alreadyComplete',
      rows: 0,
      rejected: 0,
      seconds: 0,
      rowsPerSecond: 0,
      total,
      rowsDone: checkpoint.rowsDone,
    };
  }
  options.onProgress?.({ kind: 'start', entity: entity.name, total, done: checkpoint.rowsDone });
  let rowsDone = checkpoint.rowsDone;
  let rows = 0;
  let rejected = 0;
  let status: EntitySummary['status'] = 'done';
  // Up to READ_AHEAD chunks are being read while up to `writers` transactions write earlier ones. Each
  // transaction commits its checkpoint only after the chunk before it has committed, so the checkpoint
  // never passes a chunk that is not in PostgreSQL.
  const writers = entity.concurrentWrites ? CONCURRENT_WRITES : 1;
  const planner = new ChunkPlanner(uh, entity, checkpoint.lastKey, batchSize);
  const reading: PlannedChunk[] = [];
  const inFlight: Promise<void>[] = [];
  let previous: Promise<void> = Promise.resolve();
  let position: Checkpoint = checkpoint;
  let planning = true;
  try {
    for (;;) {
      while (planning && reading.length < READ_AHEAD && options.signal?.aborted !== true) {
        const planned = await planner.next();
        if (planned === undefined) planning = false;
        else {
          planned.rows.catch(() => undefined); // awaited in order below; marked handled meanwhile
          reading.push(planned);
          if (planned.lastKey === null) planning = false;
        }
      }
      if (options.signal?.aborted === true) {
        if (planning || reading.length > 0) status = 'interrupted';
        break;
      }
      const planned = reading.shift();
      if (planned === undefined) break;
      const chunk = await planned.rows;
      // Rows of the walked table in this chunk (a chunk query may join several rows per key).
      const keys = distinctKeys(entity, chunk);
      const mapped = entity.map(chunk);
      rowsDone += keys.length;
      const lastKey = planned.lastKey ?? keys.at(-1) ?? position.lastKey;
      // Only the open-ended last chunk can finish the walk; a full one means rows arrived meanwhile.
      const finished = planned.lastKey === null && keys.length < batchSize;
      if (planned.lastKey === null && !finished && lastKey !== null) {
        planner.continueAfter(lastKey);
        planning = true;
      }
      const at: Checkpoint = { lastKey, rowsDone, completed: finished, uhMark: checkpoint.uhMark };
      position = at;
      const before = previous;
      const commit = (entity.prepare?.(pg, mapped.records) ?? Promise.resolve())
        .then(() =>
          pg.withTransaction(async (client) => {
            await entity.upsert(client, mapped.records);
            await writeRejections(client, entity.name, mapped.rejections);
            await before;
            await writeCheckpoint(client, entity.name, at);
          }),
        )
        .then(() => {
          rows += keys.length;
          rejected += mapped.rejections.length;
          const seconds = (performance.now() - started) / 1000;
          options.onProgress?.({
            kind: 'chunk',
            entity: entity.name,
            total,
            done: at.rowsDone,
            rows,
            rejected,
            rowsPerSecond: seconds > 0 ? rows / seconds : 0,
          });
        });
      commit.catch(() => undefined); // awaited below, in order; marked handled meanwhile
      previous = commit;
      inFlight.push(commit);
      if (inFlight.length >= writers) await inFlight.shift();
    }
    for (const commit of inFlight.splice(0)) await commit;
    // The walk ended on a full chunk (the table held an exact multiple of the batch) or found nothing new.
    if (status === 'done' && !position.completed) {
      const done = { ...position, completed: true };
      await pg.withTransaction((client) => writeCheckpoint(client, entity.name, done));
    }
  } finally {
    for (const planned of reading) planned.rows.catch(() => undefined);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    entity: entity.name,
    status,
    rows,
    rejected,
    seconds,
    rowsPerSecond: seconds > 0 ? rows / seconds : 0,
    total,
    rowsDone,
  };
}

function distinctKeys(entity: AnyBackfillEntity, rows: readonly UhRow[]): KeyValue[][] {
  const keys: KeyValue[][] = [];
  let previous: string | undefined;
  for (const row of rows) {
    const key = keyOfRow(entity.keyColumns, row);
    const text = JSON.stringify(key);
    if (text !== previous) keys.push(key);
    previous = text;
  }
  return keys;
}

async function countRows(uh: UhStore, entity: AnyBackfillEntity): Promise<number> {
  const rows = await uh.query<{ n: number }>({
    name: `backfill.${entity.name}.count`,
    text: `SELECT COUNT(*) AS n FROM dbo.${entity.table}`,
    params: [],
  });
  return Number(rows[0]?.n ?? 0);
}

async function rowversionMark(uh: UhStore): Promise<Buffer | null> {
  const rows = await uh.query<{ mark: unknown }>({
    name: 'backfill.rowversionMark',
    text: 'SELECT MIN_ACTIVE_ROWVERSION() AS mark',
    params: [],
  });
  const mark = rows[0]?.mark;
  return Buffer.isBuffer(mark) ? mark : null;
}

function notStarted(entity: BackfillEntityName): EntitySummary {
  return {
    entity,
    status: 'notStarted',
    rows: 0,
    rejected: 0,
    seconds: 0,
    rowsPerSecond: 0,
    total: 0,
    rowsDone: 0,
  };
}

export function validBatchSize(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize: expected a whole number from 1 to ${MAX_BATCH_SIZE}, got ${value}`);
  }
  return value;
}

/** The wanted entities in dependency order; an unknown name is a RangeError saying which names exist. */
export function validEntities(names: readonly string[]): BackfillEntityName[] {
  for (const name of names) {
    if (!(BACKFILL_ENTITIES as readonly string[]).includes(name)) {
      throw new RangeError(`entity: expected one of ${BACKFILL_ENTITIES.join(', ')}, got "${name}"`);
    }
  }
  return BACKFILL_ENTITIES.filter((name) => names.includes(name));
}
