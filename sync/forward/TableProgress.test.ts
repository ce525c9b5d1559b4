import { CAPTURE_TABLES } from './captureTables';
import type { TablePoll } from './pollChanges';
import { fromBigInt, toBigInt } from './rowversion';
import { TableProgress } from './TableProgress';

const capture = CAPTURE_TABLES[0]!;
const hi = fromBigInt(100n);

function poll(tstamps: number[], options: { unsettled?: number; full?: boolean } = {}): TablePoll {
  return {
    capture,
    checkpoint: fromBigInt(10n),
    rows: tstamps.map((t) => ({
      tstamp: fromBigInt(BigInt(t)),
      fwd_unsettled: t === options.unsettled ? 1 : 0,
    })),
    full: options.full ?? false,
    rowsAbove: undefined,
  };
}

const next = (progress: TableProgress) => Number(toBigInt(progress.nextCheckpoint(hi)));
const taken = (progress: TableProgress) =>
  progress.taken().map((row) => Number(toBigInt(row.tstamp as Buffer)));

describe('TableProgress: where a table checkpoint goes after a poll', () => {
  it('a batch that is not full read everything committed below @hi: @hi - 1, caught up', () => {
    const progress = new TableProgress(poll([11, 15]));
    expect([taken(progress), next(progress), progress.caughtUp, progress.more]).toEqual([
      [11, 15],
      99,
      true,
      false,
    ]);
  });

  it('a full batch: the last rowversion read, more to come', () => {
    const progress = new TableProgress(poll([11, 15, 20], { full: true }));
    expect([taken(progress), next(progress), progress.caughtUp, progress.more]).toEqual([
      [11, 15, 20],
      20,
      false,
      true,
    ]);
  });

  it('a row built from a row that may be uncommitted cuts the table just below it: read again next cycle', () => {
    const progress = new TableProgress(poll([11, 15, 20], { unsettled: 15, full: true }));
    expect([taken(progress), next(progress), progress.caughtUp, progress.more]).toEqual([
      [11],
      14,
      false,
      false,
    ]);
  });

  it('a dependent row cut later cuts at the earliest change it came from; the checkpoint never moves back', () => {
    const progress = new TableProgress(poll([11, 15, 20]));
    progress.cut(fromBigInt(20n));
    progress.cut(fromBigInt(11n));
    expect([taken(progress), next(progress)]).toEqual([[], 10]);
  });
});
