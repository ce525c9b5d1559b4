import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import type { UhParam } from '../../stores/uh/UhQuery';
import { INT } from '../../stores/uh/uhTypes';
import { unsettledColumn, type CaptureTable } from './captureTables';
import { rowversionOf, type Rowversion } from './rowversion';

export interface PolledTable {
  readonly capture: CaptureTable;
  /** The forward checkpoint the poll read above. */
  readonly checkpoint: Rowversion;
}

export interface TablePoll {
  readonly capture: CaptureTable;
  readonly checkpoint: Rowversion;
  /** Changed rows in rowversion order (`tstamp`, `fwd_unsettled` and the table's own columns). */
  readonly rows: readonly UhRow[];
  /** The batch limit was reached: more rows may be waiting below @hi. */
  readonly full: boolean;
  /** Rows above the checkpoint (committed or not), when counted in this poll. */
  readonly rowsAbove: number | undefined;
}

export interface PollResult {
  /** MIN_ACTIVE_ROWVERSION() as the poll began: every version below it is committed. */
  readonly hi: Rowversion;
  readonly tables: readonly TablePoll[];
}

/**
 * Every table's changes in ONE request (one round trip to UH per cycle, however many tables):
 *
 *   DECLARE @hi binary(8) = MIN_ACTIVE_ROWVERSION(); SELECT @hi AS hi;
 *   SELECT TOP (@n) <cols>, <unsettled> FROM <table> t
 *     WHERE t.tstamp > @cp0 AND t.tstamp < @hi ORDER BY t.tstamp; ...
 *
 * SQL Server gives a row its rowversion when the row is written, not when its transaction commits, so a
 * transaction holding a low rowversion may commit after later ones. MIN_ACTIVE_ROWVERSION() is "the lowest
 * active rowversion value in the current database" (a value is active while its transaction is open;
 * https://learn.microsoft.com/en-us/sql/t-sql/functions/min-active-rowversion-transact-sql): every version
 * below it is committed, every version not yet committed is at or above it. Reading @hi first and only
 * taking rows below it is why no row committed late is ever passed over. The sync's UhStore reads
 * committed data only (committedReadsOnly drops the graph's hints): under NOLOCK a row an
 * open transaction has overwritten shows only its uncommitted version (at or above @hi, skipped), and if
 * that transaction rolled back, the committed version, below the new checkpoint, would never be read.
 * Joined rows carry no rowversion filter, so each row says whether one of them is at or above @hi
 * (`fwd_unsettled`): such rows are left for a later poll.
 *
 * `countLag` adds a COUNT of the rows above each checkpoint (a scan per table, so not every cycle).
 */
export async function pollChanges(
  uh: UhStore,
  tables: readonly PolledTable[],
  batchSize: number,
  countLag: boolean,
): Promise<PollResult> {
  const params: UhParam[] = [{ ...INT, name: 'n', value: batchSize }];
  const statements = ['DECLARE @hi binary(8) = MIN_ACTIVE_ROWVERSION()', 'SELECT @hi AS hi'];
  tables.forEach(({ capture, checkpoint }, i) => {
    const { select } = capture;
    const version = `${select.alias}.tstamp`;
    params.push({ type: 'varbinary', length: 8, name: `cp${i}`, value: checkpoint });
    statements.push(
      `SELECT TOP (@n) ${select.columns}, ${unsettledColumn(select)} FROM ${select.from} WHERE ${version} > @cp${i} AND ${version} < @hi ORDER BY ${version}`,
    );
  });
  if (countLag) {
    tables.forEach(({ capture }, i) => {
      statements.push(`SELECT COUNT(*) AS n FROM dbo.${capture.table} WHERE tstamp > @cp${i}`);
    });
  }
  const results = await uh.queryBatch({ name: 'forward.poll', text: statements.join(';\n'), params });
  const hi = rowversionOf(results[0]?.[0]?.hi);
  if (hi === null) throw new Error('forward.poll: MIN_ACTIVE_ROWVERSION() did not come back as 8 bytes');
  return {
    hi,
    tables: tables.map(({ capture, checkpoint }, i) => {
      const rows = results[1 + i] ?? [];
      const counted = countLag ? results[1 + tables.length + i]?.[0]?.n : undefined;
      return {
        capture,
        checkpoint,
        rows,
        full: rows.length >= batchSize,
        rowsAbove: counted === undefined ? undefined : Number(counted),
      };
    }),
  };
}
