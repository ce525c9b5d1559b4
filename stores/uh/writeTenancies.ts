import type { UhStore } from './UhStore';
import { cleanDate, cleanFlag } from './normalise';
import { TAG_REF } from './uhTypes';

import type { EndTenancyOutcome } from '../model/writeOutcomes';

/**
 * End a tenancy: set its end date (eot), in one transaction, only if it is still running with no end
 * date and the end date is not before its start. The terminated flag is set only when the end date has
 * come: a terminated tenancy with a future eot is a known UH data fault, not something to create. The
 * UPDATE re-checks its condition, so two concurrent ends cannot both succeed.
 */
export async function endTenancyInUh(
  store: UhStore,
  reference: string,
  endDate: string,
  today: string,
): Promise<EndTenancyOutcome> {
  return store.withTransaction('endTenancy', async (tx) => {
    const rows = await tx.query<{ cot: Date | null; eot: Date | null; terminated: boolean }>({
      name: 'tenancyForEnd',
      text: 'SELECT t.cot, t.eot, t.terminated FROM dbo.tenagree t WHERE t.tag_ref = @ref',
      params: [{ ...TAG_REF, name: 'ref', value: reference }],
    });
    const row = rows[0];
    if (row === undefined) return { kind: 'noSuchTenancy' };
    if (cleanFlag(row.terminated) || cleanDate(row.eot) !== null)
      return { kind: 'alreadyEnded', endDate: cleanDate(row.eot) };
    const startDate = cleanDate(row.cot);
    if (startDate !== null && endDate < startDate) return { kind: 'beforeStart', startDate };
    const updated = await tx.query({
      name: 'endTenancy',
      text: `UPDATE dbo.tenagree SET eot = @end, terminated = @terminated OUTPUT inserted.tag_ref
WHERE tag_ref = @ref AND terminated = 0 AND (eot IS NULL OR eot = CONVERT(smalldatetime, '1900-01-01'))`,
      params: [
        { type: 'smalldatetime', name: 'end', value: new Date(`${endDate}T00:00:00Z`) },
        { type: 'bit', name: 'terminated', value: endDate <= today },
        { ...TAG_REF, name: 'ref', value: reference },
      ],
    });
    return updated.length === 1 ? { kind: 'ended' } : { kind: 'alreadyEnded', endDate: null };
  });
}
