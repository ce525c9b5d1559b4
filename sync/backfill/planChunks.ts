import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import type { UhParam } from '../../stores/uh/UhQuery';
import { INT } from '../../stores/uh/uhTypes';
import type { AnyBackfillEntity, KeyValue } from './BackfillEntity';
import { atOrBeforePredicate, keyOfRow, keysetPredicate } from './keysetPredicate';

/**
 * One chunk being read: the rows after the previous chunk's last key up to and including `lastKey`; or,
 * when `lastKey` is null, the entity's last chunk (fewer than a batch of keys remained when it was
 * planned), read as "the next batch after the previous key".
 */
export interface PlannedChunk {
  readonly lastKey: KeyValue[] | null;
  readonly rows: Promise<UhRow[]>;
}

/** No TOP limit for a chunk whose end key is known: the key range bounds it (rows inserted since included). */
const UNBOUNDED = 2_147_483_647;

/**
 * Reads an entity's chunks ahead of their use, several at once. Keyset pagination alone is sequential
 * (chunk k+1 starts after chunk k's last key, known only once chunk k has arrived), which leaves UH and
 * this process waiting for each other in turn. Here a small request first finds where the next chunk
 * ends (the batch-th key after the last one: OFFSET over the unique index, one row back), so the chunk
 * itself can be read as a key range while the previous one is still arriving.
 */
export class ChunkPlanner {
  private after: KeyValue[] | null;
  private ended = false;

  constructor(
    private readonly uh: UhStore,
    private readonly entity: AnyBackfillEntity,
    after: KeyValue[] | null,
    private readonly batchSize: number,
  ) {
    this.after = after;
  }

  /** The next chunk, its rows already being read; undefined after the last chunk was planned. */
  async next(): Promise<PlannedChunk | undefined> {
    if (this.ended) return undefined;
    const from = this.after;
    const end = await this.endOfNextChunk();
    if (end === undefined) {
      this.ended = true;
      return { lastKey: null, rows: this.readNext(from) };
    }
    this.after = end;
    return { lastKey: end, rows: this.readRange(from, end) };
  }

  /** The last chunk came back full (rows were inserted meanwhile): plan on after its last key. */
  continueAfter(key: KeyValue[]): void {
    this.after = key;
    this.ended = false;
  }

  private async endOfNextChunk(): Promise<KeyValue[] | undefined> {
    const columns = this.entity.keyColumns;
    const alias = columns[0]?.expr.split('.')[0] ?? '';
    const where = keysetPredicate(columns, this.after);
    const rows = await this.uh.query<UhRow>({
      name: `backfill.${this.entity.name}.chunkEnd`,
      text: `SELECT ${columns.map((c) => `${c.expr} AS ${c.alias}`).join(', ')}
FROM dbo.${this.entity.table} ${alias} WHERE ${where.sql}
ORDER BY ${columns.map((c) => c.expr).join(', ')} OFFSET @skip ROWS FETCH NEXT 1 ROWS ONLY`,
      params: [{ ...INT, name: 'skip', value: this.batchSize - 1 }, ...where.params],
    });
    const row = rows[0];
    return row === undefined ? undefined : keyOfRow(columns, row);
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

  private readNext(from: KeyValue[] | null): Promise<UhRow[]> {
    const after = keysetPredicate(this.entity.keyColumns, from);
    return this.uh.query({
      name: `backfill.${this.entity.name}`,
      text: this.entity.chunkSql(after.sql),
      params: [{ ...INT, name: 'n', value: this.batchSize }, ...after.params],
    });
  }
}
