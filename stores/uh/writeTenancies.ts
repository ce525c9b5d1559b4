import type { UhClient, UhTransaction } from './UhStore';
import { writeInOneBatch } from './writeInOneBatch';
import { NO_DATE_BEFORE, cleanDate, cleanFlag } from './normalise';
import { TAG_REF } from './uhTypes';

import type { EndTenancyOutcome } from '../model/writeOutcomes';
import { writeThenRead } from './writeThenRead';

/** What ending a tenancy depends on, as UH holds it, with its rowversion. */
export interface TenancyForEnd {
  readonly cot: Date | null;
  readonly eot: Date | null;
  readonly terminated: boolean;
  readonly tstamp: Buffer;
}

/** Read one tenancy, keeping it locked (UPDLOCK) until the transaction ends, for a write that depends on it. */
export async function readTenancyForEnd(tx: UhTransaction, reference: string): Promise<TenancyForEnd | null> {
  const rows = await tx.query<TenancyForEnd>({
    name: 'tenancyForEnd',
    text: 'SELECT t.cot, t.eot, t.terminated, t.tstamp FROM dbo.tenagree t WITH (UPDLOCK, ROWLOCK) WHERE t.tag_ref = @ref',
    params: [{ ...TAG_REF, name: 'ref', value: reference }],
  });
  return rows[0] ?? null;
}

/**
 * Set a tenancy's end date (eot, a smalldatetime at midnight) and terminated flag; gives back the rowversion
 * UH gave the row, or null when no row matched. `onlyIfRunning` re-checks, in the UPDATE itself, that the
 * tenancy has no end yet (NULL or UH's 1900-01-01 "none"), so two concurrent ends cannot both succeed.
 */
export async function setTenancyEnd(
  tx: UhTransaction,
  reference: string,
  end: { readonly endDate: string; readonly terminated: boolean; readonly onlyIfRunning: boolean },
): Promise<Buffer | null> {
  const rows = await tx.query<{ tstamp: Buffer }>({
    name: 'endTenancy',
    text: writeThenRead(
      `UPDATE dbo.tenagree SET eot = @end, terminated = @terminated
WHERE tag_ref = @ref${end.onlyIfRunning ? ` AND terminated = 0 AND (eot IS NULL OR eot = CONVERT(smalldatetime, '1900-01-01'))` : ''}`,
      { columns: 'tstamp', table: 'dbo.tenagree', where: 'tag_ref = @ref' },
    ),
    params: [
      { type: 'smalldatetime', name: 'end', value: new Date(`${end.endDate}T00:00:00Z`) },
      { type: 'bit', name: 'terminated', value: end.terminated },
      { ...TAG_REF, name: 'ref', value: reference },
    ],
  });
  return rows[0]?.tstamp ?? null;
}

interface EndTenancyRow {
  readonly written: number;
  readonly cot: Date | null;
  readonly eot: Date | null;
  readonly terminated: boolean;
}

/**
 * End a tenancy: set its end date (eot), in one request to UH (writeInOneBatch), only if it is still running
 * with no end date and the end date is not before its start: the UPDATE's WHERE checks all three, so it
 * cannot end a tenancy another request has just ended. The terminated flag is set only when the end date has
 * come: a terminated tenancy with a future eot is a known UH data fault, not something to create. The row as
 * it then stands tells a refusal apart.
 */
export async function endTenancyInUh(
  store: UhClient,
  reference: string,
  endDate: string,
  today: string,
): Promise<EndTenancyOutcome> {
  const end = new Date(`${endDate}T00:00:00Z`);
  const rows = await writeInOneBatch<EndTenancyRow>(store, {
    name: 'endTenancy',
    declare: ['@written int'],
    statements: [
      `UPDATE dbo.tenagree SET eot = @end, terminated = @terminated
WHERE tag_ref = @ref AND terminated = 0 AND (eot IS NULL OR eot < @noneBefore)
  AND (cot IS NULL OR cot < @noneBefore OR cot < @dayAfterEnd)`,
      'SET @written = @@ROWCOUNT',
    ],
    outcome:
      'SELECT @written AS written, t.cot, t.eot, t.terminated FROM dbo.tenagree t WHERE t.tag_ref = @ref',
    params: [
      { type: 'smalldatetime', name: 'end', value: end },
      { type: 'datetime', name: 'dayAfterEnd', value: new Date(end.getTime() + 86_400_000) },
      { type: 'datetime', name: 'noneBefore', value: NO_DATE_BEFORE },
      { type: 'bit', name: 'terminated', value: endDate <= today },
      { ...TAG_REF, name: 'ref', value: reference },
    ],
  });
  const row = rows[0];
  if (row === undefined) return { kind: 'noSuchTenancy' };
  if (Number(row.written) > 0) return { kind: 'ended' };
  if (cleanFlag(row.terminated) || cleanDate(row.eot) !== null)
    return { kind: 'alreadyEnded', endDate: cleanDate(row.eot) };
  const startDate = cleanDate(row.cot);
  if (startDate !== null && endDate < startDate) return { kind: 'beforeStart', startDate };
  // Running, and the end date is not before its start, yet the UPDATE matched nothing: another request's end
  // is not committed yet. Say so, never "terminated".
  return { kind: 'beingEnded' };
}
