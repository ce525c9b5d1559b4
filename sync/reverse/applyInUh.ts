import type { UhStore, UhTransaction } from '../../stores/uh/UhStore';
import type { OutboxPayload } from './outboxPayloads';
import type { ApplyContext, UhApplyResult } from './UhApplyResult';
import { applyContactDetails } from './entities/applyContactDetails';
import { applyRepairRequest } from './entities/applyRepairRequest';
import { applyTenancyEnd } from './entities/applyTenancyEnd';

/**
 * One outbox row in ONE UH transaction: read (locked), compare with the image, check for a conflict, write.
 * A refusal or a set-aside writes nothing, and the transaction commits empty. Errors roll it back and
 * propagate (LegacyStoreUnavailableError, LegacyStoreQueryError with SQL Server's number). `beforeCommit`
 * runs after the work, before COMMIT (the reverse.beforeUhCommit crash point).
 */
export async function applyInUh(
  uh: UhStore,
  outbox: OutboxPayload,
  context: ApplyContext,
  beforeCommit: () => void = () => undefined,
): Promise<UhApplyResult> {
  return uh.withTransaction(`reverse.${outbox.entity}`, async (tx) => {
    const result = await applyOne(tx, outbox, context);
    beforeCommit();
    return result;
  });
}

function applyOne(tx: UhTransaction, outbox: OutboxPayload, context: ApplyContext): Promise<UhApplyResult> {
  switch (outbox.entity) {
    case 'contactDetails':
      return applyContactDetails(tx, outbox.payload, context);
    case 'repairRequest':
      return applyRepairRequest(tx, outbox.payload, context);
    case 'tenancy':
      return applyTenancyEnd(tx, outbox.payload, context);
  }
}
