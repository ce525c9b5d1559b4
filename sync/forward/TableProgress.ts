import type { UhRow } from '../../stores/uh/UhStore';
import type { TablePoll } from './pollChanges';
import {
  compareRowversions,
  maxRowversion,
  previousRowversion,
  rowversionOf,
  type Rowversion,
} from './rowversion';

/**
 * How far one table's changes were taken in a cycle, and so where its checkpoint goes:
 * - a change that could not be applied yet (a row it needs may be uncommitted) cuts the table there: the
 *   checkpoint stops just below it and the next cycle reads it again;
 * - else a full batch moves the checkpoint to the last rowversion read (more rows are waiting);
 * - else everything committed below @hi was read: the checkpoint moves to @hi - 1 and the table is caught up.
 * The checkpoint never moves back.
 */
export class TableProgress {
  private cutAt: Rowversion | null = null;

  constructor(readonly poll: TablePoll) {
    for (const row of poll.rows) {
      if (Number(row.fwd_unsettled) === 1) {
        this.cut(tstampOfRow(row));
        break;
      }
    }
  }

  get table(): string {
    return this.poll.capture.table;
  }

  /** Leave this change (and every later one of the table) for a later cycle. */
  cut(tstamp: Rowversion): void {
    if (this.cutAt === null || compareRowversions(tstamp, this.cutAt) < 0) this.cutAt = tstamp;
  }

  /** The changes taken this cycle: those below the cut. */
  taken(): readonly UhRow[] {
    const cut = this.cutAt;
    if (cut === null) return this.poll.rows;
    return this.poll.rows.filter((row) => compareRowversions(tstampOfRow(row), cut) < 0);
  }

  get caughtUp(): boolean {
    return this.cutAt === null && !this.poll.full;
  }

  /** A full batch was taken whole: run again at once. (A cut table waits for a transaction instead.) */
  get more(): boolean {
    return this.cutAt === null && this.poll.full;
  }

  nextCheckpoint(hi: Rowversion): Rowversion {
    let next: Rowversion;
    if (this.cutAt !== null) next = previousRowversion(this.cutAt);
    else if (this.poll.full) next = tstampOfRow(this.poll.rows[this.poll.rows.length - 1] as UhRow);
    else next = previousRowversion(hi);
    return maxRowversion(next, this.poll.checkpoint);
  }
}

export function tstampOfRow(row: UhRow): Rowversion {
  const tstamp = rowversionOf(row.tstamp);
  if (tstamp === null) throw new TypeError('forward capture: a polled row came back without its tstamp');
  return tstamp;
}
