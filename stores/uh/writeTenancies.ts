import type { UhClient, UhTransaction } from './UhStore';
import { cleanDate, cleanFlag } from './normalise';
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

/**
 * End a tenancy: set its end date (eot), in one transaction, only if it is still running with no end
 * date and the end date is not before its start. The terminated flag is set only when the end date has
 * come: a terminated tenancy with a future eot is a known UH data fault, not something to create.
 */
export async function endTenancyInUh(
  store: UhClient,
  reference: string,
  endDate: string,
  today: string,
): Promise<EndTenancyOutcome> {
  return store.withTransaction('endTenancy', async (tx) => {
    const row = await readTenancyForEnd(tx, reference);
    if (row === null) return { kind: 'noSuchTenancy' };
    if (cleanFlag(row.terminated) || cleanDate(row.eot) !== null)
      return { kind: 'alreadyEnded', endDate: cleanDate(row.eot) };
    const startDate = cleanDate(row.cot);
    if (startDate !== null && endDate < startDate) return { kind: 'beforeStart', startDate };
    const tstamp = await setTenancyEnd(tx, reference, {
      endDate,
      terminated: endDate <= today,
      onlyIfRunning: true,
    });
    if (tstamp !== null) return { kind: 'ended' };
    // The row was running when read, but the guarded UPDATE matched nothing: another request ended it in
    // between (the read does not block a concurrent end). Say what that request did, never "terminated".
    const now = await readTenancyForEnd(tx, reference);
    const winnerDate = now === null ? null : cleanDate(now.eot);
    return winnerDate !== null ? { kind: 'alreadyEnded', endDate: winnerDate } : { kind: 'beingEnded' };
  });
}
