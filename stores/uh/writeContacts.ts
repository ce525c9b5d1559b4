import type { UhStore } from './UhStore';
import { allocateSerial } from './allocateSerial';
import { HOUSE_REF, INT } from './uhTypes';

export interface ContactChange {
  /** Up to three numbers; replaces all three phone fields when given. */
  readonly phones?: readonly string[];
  /** Replaces the email when given; '' clears it. */
  readonly email?: string;
}

/**
 * Contact details live per household in dbo.contacts (con_ref = house_ref). The household's first contact
 * row is updated; a household without one gets a new row with a con_key from sysserial. One transaction.
 * UH keeps no phone type, so types given by the caller cannot be stored.
 */
export async function writeContactDetails(
  store: UhStore,
  houseRef: string,
  change: ContactChange,
): Promise<void> {
  await store.withTransaction('updateContactDetails', async (tx) => {
    const existing = await tx.query<{ con_key: number }>({
      name: 'contactRowOfHousehold',
      text: 'SELECT TOP (1) c.con_key FROM dbo.contacts c WHERE c.con_ref = @house ORDER BY c.con_key',
      params: [{ type: 'char', length: 12, name: 'house', value: houseRef }],
    });
    const phones = change.phones === undefined ? undefined : [0, 1, 2].map((i) => change.phones?.[i] ?? '');
    const sets: string[] = [];
    const params = [];
    if (phones !== undefined) {
      phones.forEach((phone, i) => {
        sets.push(`con_phone${i + 1} = @phone${i + 1}`);
        params.push({ type: 'char' as const, length: 21, name: `phone${i + 1}`, value: phone });
      });
    }
    if (change.email !== undefined) {
      sets.push('email_address = @email');
      params.push({ type: 'char' as const, length: 50, name: 'email', value: change.email });
    }
    if (sets.length === 0) return;
    const conKey = existing[0]?.con_key;
    if (conKey !== undefined) {
      await tx.query({
        name: 'updateContactRow',
        text: `UPDATE dbo.contacts SET ${sets.join(', ')} WHERE con_key = @key`,
        params: [...params, { ...INT, name: 'key', value: conKey }],
      });
      return;
    }
    const key = await allocateSerial(tx, 'contacts');
    await tx.query({
      name: 'insertContactRow',
      text: `INSERT INTO dbo.contacts (con_key, con_ref, con_type, con_phone1, con_phone2, con_phone3, email_address)
VALUES (@key, @house, 'H', @p1, @p2, @p3, @mail)`,
      params: [
        { ...INT, name: 'key', value: key },
        { type: 'char', length: 12, name: 'house', value: houseRef },
        ...[0, 1, 2].map((i) => ({
          type: 'char' as const,
          length: 21,
          name: `p${i + 1}`,
          value: phones?.[i] ?? '',
        })),
        { type: 'char', length: 50, name: 'mail', value: change.email ?? '' },
      ],
    });
  });
}

/** Does this household exist in UH? */
export async function householdExists(store: UhStore, houseRef: string): Promise<boolean> {
  const rows = await store.query({
    name: 'householdExists',
    text: 'SELECT TOP (1) h.house_ref FROM dbo.househ h WITH (NOLOCK) WHERE h.house_ref = @house',
    params: [{ ...HOUSE_REF, name: 'house', value: houseRef }],
  });
  return rows.length > 0;
}
