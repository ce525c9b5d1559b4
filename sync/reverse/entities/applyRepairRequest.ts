import type { UhTransaction } from '../../../stores/uh/UhStore';
import { toRepair } from '../../../stores/uh/readRepairs';
import { cleanText } from '../../../stores/uh/normalise';
import {
  insertRepairRow,
  OPEN_STATUS,
  overwriteRepairRow,
  readPropertyForRepair,
  readRepairForWrite,
} from '../../../stores/uh/writeRepairs';
import { nearestUhText } from '../../../stores/uh/windows1252';
import type { RepairRequestPayload } from '../outboxPayloads';
import { repairRequestInUh } from '../images/repairRequestImage';
import type { ApplyContext, UhApplyResult } from '../UhApplyResult';
import { decideAndWrite } from '../decideAndWrite';

/**
 * A cloud-raised repair request into UH under its cloud reference (90000000 up: UH's sysserial, which
 * allocates the requests its own applications raise, never reaches that range), with UH's columns as a
 * request raised through UH gets them (stores/uh/writeRepairs.ts). The property's "no maintenance" flag is
 * not checked again: the cloud, which masters repairs, accepted the request, and UH must show it.
 */
export async function applyRepairRequest(
  tx: UhTransaction,
  payload: RepairRequestPayload,
  context: ApplyContext,
): Promise<UhApplyResult> {
  const row = await readRepairForWrite(tx, payload.reference);
  return decideAndWrite(
    context,
    {
      exists: row !== null,
      tstamp: row?.tstamp ?? null,
      version:
        row === null
          ? null
          : { ...toRepair(row), contactName: cleanText(row.rq_name), contactPhone: cleanText(row.rq_phone) },
    },
    repairRequestInUh(payload, row),
    async () => {
      const property = await readPropertyForRepair(tx, payload.propertyReference);
      if (property === null) {
        return { kind: 'refused', reason: `property ${payload.propertyReference} does not exist in UH` };
      }
      const values = {
        reference: payload.reference,
        propertyReference: payload.propertyReference,
        houseRef: property.houseRef,
        raisedAt: payload.raisedAt,
        description: nearestUhText(payload.description),
        priority: payload.priority,
        status: OPEN_STATUS,
        contactName: payload.contactName === null ? null : nearestUhText(payload.contactName),
        contactPhone: payload.contactPhone === null ? null : nearestUhText(payload.contactPhone),
      };
      const tstamp = row === null ? await insertRepairRow(tx, values) : await overwriteRepairRow(tx, values);
      return { kind: 'written', tstamp };
    },
  );
}
