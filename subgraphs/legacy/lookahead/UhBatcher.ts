import type { UhClient, UhRow } from '../../../stores/uh/UhStore';
import { MAX_PARAMS_PER_REQUEST, prefixParams, type UhParam, type UhQuery } from '../../../stores/uh/UhQuery';
import { LegacyStoreQueryError } from '../../../stores/uh/legacyStoreErrors';

/**
 * One GraphQL request's reads to UH, sent together: every statement asked for in the same turn of the event
 * loop (the look-ahead plan of each root field, loaders dispatching at once) goes to UH as one batch of
 * statements with one result set each, so it costs one round trip over the VPN instead of one per statement.
 * A turn with a single statement sends it as it is. Each statement's parameters are renamed apart (@s1_r0 ...)
 * since a batch has one parameter namespace. A batch that fails is sent again statement by statement.
 */
export class UhBatcher {
  private queue: { query: UhQuery; resolve: (rows: UhRow[]) => void; reject: (error: unknown) => void }[] =
    [];
  private scheduled = false;

  constructor(private readonly uh: UhClient) {}

  query<R extends object = UhRow>(query: UhQuery): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ query, resolve: resolve as (rows: UhRow[]) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the promise jobs and process.nextTick callbacks of this turn (where DataLoader dispatches).
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    this.scheduled = false;
    // At most MAX_PARAMS_PER_REQUEST parameters per request (SQL Server allows 2,100): a very wide turn is
    // split, each part still sent at once.
    let part: typeof queued = [];
    let count = 0;
    for (const entry of queued) {
      if (part.length > 0 && count + entry.query.params.length > MAX_PARAMS_PER_REQUEST) {
        this.send(part);
        part = [];
        count = 0;
      }
      part.push(entry);
      count += entry.query.params.length;
    }
    if (part.length > 0) this.send(part);
  }

  private send(batch: UhBatcher['queue']): void {
    if (batch.length === 1) {
      const only = batch[0] as (typeof batch)[number];
      this.uh.query(only.query).then(only.resolve, only.reject);
      return;
    }
    const texts: string[] = [];
    const params: UhParam[] = [];
    batch.forEach((entry, index) => {
      const renamed = prefixParams(entry.query, `s${index + 1}_`);
      texts.push(renamed.text);
      params.push(...renamed.params);
    });
    const names = batch.map((entry) => entry.query.name);
    this.uh
      .queryBatch({ name: 'batch', text: texts.join(';\n'), params, statements: names })
      .then((recordsets) => {
        if (recordsets.length !== batch.length)
          throw new Error(
            `UH answered ${recordsets.length} result sets to a batch of ${batch.length} statements`,
          );
        batch.forEach((entry, index) => entry.resolve(recordsets[index] ?? []));
      })
      .catch((error: unknown) => {
        // UH unreachable: every statement meets the same failure, at once (no second wait for the timeout).
        if (!(error instanceof LegacyStoreQueryError)) {
          for (const entry of batch) entry.reject(error);
          return;
        }
        // UH refused one of them, and does not say which: each is sent again alone (reads only: nothing is
        // written through here), so one bad statement fails only the fields that need it.
        for (const entry of batch) this.uh.query(entry.query).then(entry.resolve, entry.reject);
      });
  }
}
