import type { UhTransaction } from '../../../stores/uh/UhStore';
import { cleanDate, cleanFlag } from '../../../stores/uh/normalise';
import { readTenancyForEnd, setTenancyEnd } from '../../../stores/uh/writeTenancies';
import type { TenancyEndPayload } from '../outboxPayloads';
import { tenancyEndInUh } from '../images/tenancyImage';
import type { ApplyContext, UhApplyResult } from '../UhApplyResult';
import { decideAndWrite } from '../decideAndWrite';

/**
 * A tenancy ended in the cloud: UH gets the same end date (eot, smalldatetime at midnight) and terminated
 * flag. Unlike the legacy mutation the UPDATE does not require the tenancy to be running: the cloud masters
 * it, and an end UH holds that differs is a conflict decided before this write, not a refusal.
 */
export async function applyTenancyEnd(
  tx: UhTransaction,
  payload: TenancyEndPayload,
  context: ApplyContext,
): Promise<UhApplyResult> {
  const row = await readTenancyForEnd(tx, payload.reference);
  if (row === null) return { kind: 'refused', reason: `tenancy ${payload.reference} does not exist in UH` };
  return decideAndWrite(
    context,
    {
      exists: true,
      tstamp: row.tstamp,
      version: { endDate: cleanDate(row.eot), terminated: cleanFlag(row.terminated) },
    },
    tenancyEndInUh(payload, row),
    async () => {
      const tstamp = await setTenancyEnd(tx, payload.reference, {
        endDate: payload.endDate,
        terminated: payload.terminated,
        onlyIfRunning: false,
      });
      return tstamp === null
        ? { kind: 'refused', reason: `tenancy ${payload.reference} does not exist in UH` }
        : { kind: 'written', tstamp };
    },
  );
}
