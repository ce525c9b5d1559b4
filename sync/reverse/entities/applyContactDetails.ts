import type { UhTransaction } from '../../../stores/uh/UhStore';
import { toContactDetails } from '../../../stores/uh/readPeople';
import {
  readHouseholdContact,
  writeContactFields,
  type ContactFields,
} from '../../../stores/uh/writeContacts';
import { cleanText } from '../../../stores/uh/normalise';
import type { ContactDetailsPayload } from '../outboxPayloads';
import {
  contactDetailsInUh,
  emailOf,
  phoneFieldsOf,
  type ContactImageRow,
} from '../images/contactDetailsImage';
import type { ApplyContext, UhApplyResult } from '../UhApplyResult';
import { decideAndWrite } from '../decideAndWrite';

/**
 * A household's contact details into UH: only the fields whose graph reading differs are written (an email
 * change leaves a phone field holding two numbers as it is), on the contacts row the graph reads, else a
 * new one on the household's tenancy (stores/uh/writeContacts.ts). The rowversion is the contacts row's.
 */
export async function applyContactDetails(
  tx: UhTransaction,
  payload: ContactDetailsPayload,
  context: ApplyContext,
): Promise<UhApplyResult> {
  const state = await readHouseholdContact(tx, payload.houseRef);
  if (state === null)
    return { kind: 'refused', reason: `household ${payload.houseRef} does not exist in UH` };
  const held: ContactImageRow = state.contact ?? {
    con_phone1: null,
    con_phone2: null,
    con_phone3: null,
    email_address: null,
    house_email: state.houseEmail,
  };
  const heldView = toContactDetails(held);
  return decideAndWrite(
    context,
    { exists: state.contact !== null, tstamp: state.contact?.tstamp ?? null, version: heldView },
    contactDetailsInUh(payload, held),
    async () => {
      const phones = phoneFieldsOf(payload);
      const [con_phone1, con_phone2, con_phone3] = phones;
      const wanted = toContactDetails({
        con_phone1,
        con_phone2,
        con_phone3,
        email_address: null,
        house_email: null,
      });
      const phonesDiffer =
        wanted.phones.length !== heldView.phones.length ||
        wanted.phones.some((phone, i) => phone.number !== heldView.phones[i]?.number);
      const email = emailOf(payload);
      const fields: ContactFields = {
        phones: phonesDiffer ? phones : undefined,
        email: cleanText(email) !== heldView.email ? email : undefined,
      };
      const outcome = await writeContactFields(tx, state, fields);
      switch (outcome.kind) {
        case 'written':
          return outcome;
        case 'noTenancy':
          return {
            kind: 'refused',
            reason: `household ${payload.houseRef} has no tenancy in UH, and UH keeps phone numbers on a tenancy's contacts row (contacts.tag_ref)`,
          };
        case 'unchanged':
          // Not reached: the image differs, so some field does. Kept total rather than asserted.
          return {
            kind: 'refused',
            reason: `household ${payload.houseRef}: nothing to write, yet UH differs`,
          };
      }
    },
  );
}
