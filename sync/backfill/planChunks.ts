import type { UhRow, UhStore } from '../../subgraphs/legacy/store/UhStore';
import type { UhParam } from '../../subgraphs/legacy/store/UhQuery';
import { INT } from '../../subgraphs/legacy/store/uhTypes';
import type { AnyBackfillEntity, KeyValue } from './BackfillEntity';
import { atOrBeforePredicate, keyOfRow, keysetPredicate } from './keysetPredicate';

/** One chunk: the rows after the previous chunk's last key up to and including `lastKey`. */
export interface PlannedChunk {
  readonly lastKey: KeyValue[];
  /** Fewer than a batch of keys remained: this is the entity's last chunk. */
  readonly finished: boolean;
  readonly rows: Promise<UhRow[]>;
}

/** No TOP limit for a chunk whose end key is known: the key range bounds it (rows inserted since included). */
const UNBOUNDED = 2_147_483_647;

/**
 * Reads an entity's chunks ahead of their use, several at once. Keyset pagination alone is sequential
 * (chunk k+1 starts after chunk k's last key, known only once chunk k has arrived), which leaves UH and
 * this process waiting for each other in turn. Here a small request first finds where the next chunk
 * ends (the batch-th key after the last one, through the unique index alone), so the chunk itself can be
 * read as a key range while the previous one is still arriving.
 */
export class ChunkPlanner {
  private after: KeyValue[] | null;
  private exhausted = false;

  constructor(
    private readonly uh: UhStore,
    private readonly entity: AnyBackfillEntity,
    after: KeyValue[] | null,
    private readonly batchSize: number,
  ) {
    this.after = after;
  }

  /** The next chunk, its rows already being read; undefined when the entity has no rows left. */
  async next(): Promise<PlannedChunk | undefined> {
    if (this.exhausted) return undefined;
    const end = await this.endOfNextChunk();
    if (end === undefined) {
      this.exhausted = true;
      return undefined;
    }
    const from = this.after;
    this.after = end.key;
    if (end.count < this.batchSize) this.exhausted = true;
    return { lastKey: end.key, finished: this.exhausted, rows: this.readRange(from, end.key) };
  }

  private async endOfNextChunk(): Promise<{ key: KeyValue[]; count: number } | undefined> {
    const columns = this.entity.keyColumns;
    const alias = columns[0]?.expr.split('.')[0] ?? '';
    const keys = columns.map((c) => c.expr).join(', ');
    const where = keysetPredicate(columns, this.after);
    const rows = await this.uh.query<UhRow & { rn: number }>({
      name: `backfill.${this.entity.name}.chunkEnd`,
      text: `SELECT TOP 1 x.* FROM (SELECT TOP (@n) ${columns.map((c) => `${c.expr} AS ${c.alias}`).join(', ')},
  ROW_NUMBER() OVER (ORDER BY ${keys}) AS rn
  FROM dbo.${this.entity.table} ${alias} WITH (NOLOCK) WHERE ${where.sql} ORDER BY ${keys}) x
ORDER BY x.rn DESC`,
      params: [{ ...INT, name: 'n', value: this.batchSize }, ...where.params],
    });
    const row = rows[0];
    return row === undefined ? undefined : { key: keyOfRow(columns, row), count: Number(row.rn) };
  }

  private readRange(from: KeyValue[] | null, to: KeyValue[]): Promise<UhRow[]> {
    const after = keysetPredicate(this.entity.keyColumns, from);
    const upTo = atOrBeforePredicate(this.entity.keyColumns, to, from === null || from[0] === null);
    const params: UhParam[] = [{ ...INT, name: 'n', value: UNBOUNDED }, ...after.params, ...upTo.params];
    return this.uh.query({
      name: `backfill.${this.entity.name}`,
      text: this.entity.chunkSql(`${after.sql} AND ${upTo.sql}`),
      params,
    });
  }
}
