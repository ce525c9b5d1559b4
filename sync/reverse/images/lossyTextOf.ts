import type { OutboxPayload } from '../outboxPayloads';
import type { LossyText } from './LossyText';
import { contactDetailsLossyText } from './contactDetailsImage';
import { repairRequestLossyText } from './repairRequestImage';

/**
 * Every text field an applied outbox row leaves in UH, exact or not: sync.lossy_text keeps the ones UH
 * holds only as a nearest value, and forgets the ones it now holds exactly. Ending a tenancy writes no text.
 */
export function lossyTextOf(outbox: OutboxPayload): LossyText[] {
  switch (outbox.entity) {
    case 'contactDetails':
      return contactDetailsLossyText(outbox.payload);
    case 'repairRequest':
      return repairRequestLossyText(outbox.payload);
    case 'tenancy':
      return [];
  }
}
