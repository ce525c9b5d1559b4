import type { UhClient, UhTransaction } from './UhStore';
import type { UhParam } from './UhQuery';
import { allocateSerial } from './allocateSerial';
import { firstContactRowByHousehold, type HouseholdContactRow } from './readPeople';
import { NO_DATE_BEFORE, cleanDate, cleanFlag, cleanText } from './normalise';
import { HOUSE_REF, INT } from './uhTypes';
import { writeThenRead } from './writeThenRead';
import { writeInOneBatch } from './writeInOneBatch';

export interface ContactChange {
  /** Up to three numbers; replaces all three phone fields when given. */
  readonly phones?: readonly string[];
  /** Replaces the email when given; '' clears it. */
  readonly email?: string;
}

/** Widths of UH's columns: values longer than these are refused by UH (error 8152), never cut here. */
const PHONE: { type: 'char'; length: number } = { type: 'char', length: 21 };
const EMAIL: { type: 'char'; length: number } = { type: 'char', length: 50 };

/**
 * What UH holds for one household's contact details, read the way the graph reads them
 * (stores/uh/readPeople.ts contactsByHousehold): the household's first contacts row by con_key among the
 * rows its tenancies reach (contacts.tag_ref = tenagree.tag_ref), and the household's own email, which the
 * graph shows when that row has none.
 */
export interface HouseholdContactState {
  readonly houseRef: string;
  /** The row the graph reads, as UH sent it (padded), or null when the household's tenancies reach none. */
  readonly contact: (HouseholdContactRow & { readonly con_key: number; readonly tstamp: Buffer }) | null;
  /** househ.email_address as held. */
  readonly houseEmail: string | null;
  readonly houseDescription: string | null;
  /** The tenancy a new contacts row hangs from (running before ended, newest first), or null when none. */
  readonly tenancy: { readonly tagRef: string; readonly propRef: string | null } | null;
}

interface StateRow extends HouseholdContactRow {
  house_desc: string | null;
  tag_ref: string | null;
  tenancy_prop_ref: string | null;
  terminated: boolean | null;
  eot: Date | null;
  cot: Date | null;
  tstamp: Buffer | null;
}

/**
 * UPDLOCK keeps the rows read here locked until the transaction ends, so no other writer changes them
 * between this read and the write that depends on it (SQL Server table hints:
 * https://learn.microsoft.com/en-us/sql/t-sql/queries/hints-transact-sql-table). The UH simulator takes
 * the same update locks (uh-simulator/TSQL-SUBSET.md).
 */
export async function readHouseholdContact(
  tx: UhTransaction,
  houseRef: string,
): Promise<HouseholdContactState | null> {
  const rows = await tx.query<StateRow>({
    name: 'householdContactForWrite',
    text: `SELECT h.house_ref, h.house_desc, h.email_address AS house_email, t.tag_ref, t.prop_ref AS tenancy_prop_ref,
  t.terminated, t.eot, t.cot, c.con_key, c.con_phone1, c.con_phone2, c.con_phone3, c.email_address, c.tstamp
FROM dbo.househ h WITH (UPDLOCK, ROWLOCK)
LEFT JOIN dbo.tenagree t ON t.house_ref = h.house_ref
LEFT JOIN dbo.contacts c WITH (UPDLOCK, ROWLOCK) ON c.tag_ref = t.tag_ref
WHERE h.house_ref = @house ORDER BY c.con_key`,
    params: [{ ...HOUSE_REF, name: 'house', value: houseRef }],
  });
  const first = rows[0];
  if (first === undefined) return null;
  const chosen = [...firstContactRowByHousehold(rows).values()][0];
  const tenancies = rows
    .filter((row): row is StateRow & { tag_ref: string } => cleanText(row.tag_ref) !== null)
    .sort(
      (a, b) =>
        Number(isEnded(a)) - Number(isEnded(b)) ||
        (cleanDate(b.cot) ?? '').localeCompare(cleanDate(a.cot) ?? '') ||
        a.tag_ref.localeCompare(b.tag_ref),
    );
  const tenancy = tenancies[0];
  return {
    houseRef,
    contact:
      chosen !== undefined && chosen.con_key !== null && chosen.tstamp !== null
        ? { ...chosen, con_key: chosen.con_key, tstamp: chosen.tstamp }
        : null,
    houseEmail: first.house_email,
    houseDescription: first.house_desc,
    tenancy: tenancy === undefined ? null : { tagRef: tenancy.tag_ref, propRef: tenancy.tenancy_prop_ref },
  };
}

function isEnded(row: StateRow): boolean {
  return cleanFlag(row.terminated) || cleanDate(row.eot) !== null;
}

/** The three phone fields and the email as UH stores them: blanks, never NULL. */
export interface ContactFields {
  readonly phones?: readonly [string, string, string];
  readonly email?: string;
}

export type ContactWriteOutcome =
  /** tstamp: the rowversion UH gave the contacts row (or the househ row when only it was written). */
  | { readonly kind: 'written'; readonly tstamp: Buffer }
  | { readonly kind: 'unchanged' }
  /** Phones to write but no tenancy to hang a contacts row from: UH could never read them back. */
  | { readonly kind: 'noTenancy' };

/**
 * Write contact fields where the graph reads them: the row `state.contact`, else a new contacts row (con_key
 * from sysserial, as UH allocates it) on the household's tenancy. An email cleared is cleared on the
 * household row too, since the graph falls back to it. Inside the caller's transaction.
 */
export async function writeContactFields(
  tx: UhTransaction,
  state: HouseholdContactState,
  fields: ContactFields,
): Promise<ContactWriteOutcome> {
  if (fields.phones === undefined && fields.email === undefined) return { kind: 'unchanged' };
  const househTstamp = fields.email === '' ? await clearHouseholdEmail(tx, state) : undefined;
  if (state.contact !== null) {
    const sets: string[] = [];
    const params: UhParam[] = [];
    fields.phones?.forEach((phone, i) => {
      sets.push(`con_phone${i + 1} = @phone${i + 1}`);
      params.push({ ...PHONE, name: `phone${i + 1}`, value: phone });
    });
    if (fields.email !== undefined) {
      sets.push('email_address = @email');
      params.push({ ...EMAIL, name: 'email', value: fields.email });
    }
    const rows = await tx.query<{ tstamp: Buffer }>({
      name: 'updateContactRow',
      text: writeThenRead(`UPDATE dbo.contacts SET ${sets.join(', ')} WHERE con_key = @key`, {
        columns: 'tstamp',
        table: 'dbo.contacts',
        where: 'con_key = @key',
      }),
      params: [...params, { ...INT, name: 'key', value: state.contact.con_key }],
    });
    return written(rows);
  }
  const phonesToWrite = fields.phones !== undefined && fields.phones.some((phone) => phone.trim() !== '');
  if (!phonesToWrite && (fields.email === undefined || fields.email === '')) {
    // Nothing to hold: no contacts row is created just to stay blank.
    return househTstamp === undefined ? { kind: 'unchanged' } : { kind: 'written', tstamp: househTstamp };
  }
  if (state.tenancy === null) {
    if (phonesToWrite) return { kind: 'noTenancy' };
    // No contacts row can be reached: the household's own email is where the graph reads it.
    const rows = await tx.query<{ tstamp: Buffer }>({
      name: 'updateHouseholdEmail',
      text: writeThenRead('UPDATE dbo.househ SET email_address = @email WHERE house_ref = @house', {
        columns: 'tstamp',
        table: 'dbo.househ',
        where: 'house_ref = @house',
      }),
      params: [
        { type: 'varchar', length: 50, name: 'email', value: fields.email ?? '' },
        { ...HOUSE_REF, name: 'house', value: state.houseRef },
      ],
    });
    return written(rows);
  }
  const key = await allocateSerial(tx, 'contacts');
  // As UH's own screens create them (and the seed copies): a tenant contact ('T') on the tenancy, named
  // after the household, contacts_sid = con_key.
  const rows = await tx.query<{ tstamp: Buffer }>({
    name: 'insertContactRow',
    text: writeThenRead(
      `INSERT INTO dbo.contacts (con_key, con_ref, con_type, con_name, con_phone1, con_phone2, con_phone3, email_address, tag_ref, prop_ref, contacts_sid)
VALUES (@key, @house, 'T', @name, @p1, @p2, @p3, @mail, @tag, @prop, @key)`,
      { columns: 'tstamp', table: 'dbo.contacts', where: 'con_key = @key' },
    ),
    params: [
      { ...INT, name: 'key', value: key },
      { type: 'char', length: 12, name: 'house', value: state.houseRef },
      { type: 'varchar', length: 73, name: 'name', value: cleanText(state.houseDescription) ?? '' },
      ...[0, 1, 2].map((i) => ({ ...PHONE, name: `p${i + 1}`, value: fields.phones?.[i] ?? '' })),
      { ...EMAIL, name: 'mail', value: fields.email ?? '' },
      { type: 'char', length: 11, name: 'tag', value: state.tenancy.tagRef },
      { type: 'char', length: 12, name: 'prop', value: state.tenancy.propRef ?? '' },
    ],
  });
  return written(rows);
}

async function clearHouseholdEmail(
  tx: UhTransaction,
  state: HouseholdContactState,
): Promise<Buffer | undefined> {
  if (cleanText(state.houseEmail) === null) return undefined;
  const rows = await tx.query<{ tstamp: Buffer }>({
    name: 'clearHouseholdEmail',
    text: writeThenRead(`UPDATE dbo.househ SET email_address = '' WHERE house_ref = @house`, {
      columns: 'tstamp',
      table: 'dbo.househ',
      where: 'house_ref = @house',
    }),
    params: [{ ...HOUSE_REF, name: 'house', value: state.houseRef }],
  });
  return rows[0]?.tstamp;
}

function written(rows: readonly { tstamp: Buffer }[]): ContactWriteOutcome {
  const tstamp = rows[0]?.tstamp;
  if (tstamp === undefined) throw new Error('UH wrote no row where one was read in the same transaction');
  return { kind: 'written', tstamp };
}

/** The phone fields for up to three numbers: given numbers first, the rest blank. */
export function phoneFields(phones: readonly string[]): [string, string, string] {
  return [phones[0] ?? '', phones[1] ?? '', phones[2] ?? ''];
}

export type WriteContactDetailsOutcome =
  | { readonly kind: 'updated' }
  | { readonly kind: 'noSuchPerson' }
  | { readonly kind: 'noSuchHousehold' }
  /** Phones to write but no tenancy to hang a contacts row from: UH could never read them back. */
  | { readonly kind: 'noTenancy' };

interface ContactDetailsOutcomeRow {
  readonly household: number;
  readonly member: number;
  readonly proceed: number;
}

/**
 * The legacy subgraph's update of a person's contact details (kept per household), in one request to UH
 * (writeInOneBatch), written where the graph reads them, as writeContactFields does inside the reverse sync's
 * transactions: the household's first contacts row by con_key among those its tenancies reach (the one
 * contactsByKeys shows), else a new contacts row (con_key from sysserial) on its tenancy (running before
 * ended, latest start first, then tag_ref), else, for an email alone, the household row. An email cleared is
 * cleared on the household row too, since the graph falls back to it. Nothing is written unless the person
 * is a member of the household, the household exists, and phones have somewhere to go.
 */
export async function writeContactDetails(
  store: UhClient,
  houseRef: string,
  personNo: number,
  change: ContactChange,
): Promise<WriteContactDetailsOutcome> {
  const phones = change.phones === undefined ? undefined : phoneFields(change.phones);
  const { email } = change;
  const phonesToWrite = phones !== undefined && phones.some((phone) => phone.trim() !== '');
  const emailToWrite = email !== undefined && email !== '';
  const statements: string[] = [];
  const params: UhParam[] = [
    { ...HOUSE_REF, name: 'house', value: houseRef },
    { ...INT, name: 'person', value: personNo },
    { type: 'bit', name: 'phonesToWrite', value: phonesToWrite },
    { type: 'datetime', name: 'noneBefore', value: NO_DATE_BEFORE },
  ];
  if (email === '')
    statements.push(
      `UPDATE dbo.househ SET email_address = '' WHERE house_ref = @house AND email_address <> '' AND @proceed = 1`,
    );
  if (phones !== undefined || email !== undefined) {
    const sets = [
      ...(phones ?? []).map((_, i) => `con_phone${i + 1} = @phone${i + 1}`),
      ...(email === undefined ? [] : ['email_address = @email']),
    ];
    statements.push(`UPDATE dbo.contacts SET ${sets.join(', ')} WHERE con_key = @key AND @proceed = 1`);
  }
  if (emailToWrite && !phonesToWrite)
    statements.push(
      'UPDATE dbo.househ SET email_address = @houseEmail WHERE house_ref = @house AND @proceed = 1 AND @key IS NULL AND @tag IS NULL',
    );
  if (phonesToWrite || emailToWrite)
    // As UH's own screens create them (and the seed copies): a tenant contact ('T') on the tenancy, named
    // after the household, contacts_sid = con_key.
    statements.push(
      `UPDATE dbo.sysserial SET ser_value = ser_value + 1
WHERE ser_type = @serial AND @proceed = 1 AND @key IS NULL AND @tag IS NOT NULL`,
      'SET @allocated = @@ROWCOUNT',
      `INSERT INTO dbo.contacts (con_key, con_ref, con_type, con_name, con_phone1, con_phone2, con_phone3, email_address, tag_ref, prop_ref, contacts_sid)
SELECT s.ser_value, @house, 'T', LTRIM(RTRIM(ISNULL(h.house_desc, ''))), @phone1, @phone2, @phone3, @email, @tag,
  ISNULL(t.prop_ref, ''), s.ser_value
FROM dbo.sysserial s, dbo.househ h, dbo.tenagree t
WHERE s.ser_type = @serial AND h.house_ref = @house AND t.tag_ref = @tag AND @allocated > 0`,
    );
  params.push(
    ...(phones ?? ['', '', '']).map((phone, i) => ({ ...PHONE, name: `phone${i + 1}`, value: phone })),
    { ...EMAIL, name: 'email', value: email ?? '' },
    { type: 'varchar', length: 50, name: 'houseEmail', value: email ?? '' },
    { type: 'char', length: 10, name: 'serial', value: 'contacts' },
  );
  const rows = await writeInOneBatch<ContactDetailsOutcomeRow>(store, {
    name: 'updateContactDetails',
    declare: ['@household int', '@member int', '@key int', '@tag char(11)', '@proceed int', '@allocated int'],
    statements: [
      // What the writes depend on, locked (UPDLOCK) until the transaction ends.
      'SET @household = (SELECT COUNT(*) FROM dbo.househ h WITH (UPDLOCK, ROWLOCK) WHERE h.house_ref = @house)',
      'SET @member = (SELECT COUNT(*) FROM dbo.member m WHERE m.house_ref = @house AND m.person_no = @person)',
      `SET @key = (SELECT TOP (1) c.con_key FROM dbo.tenagree t
  INNER JOIN dbo.contacts c WITH (UPDLOCK, ROWLOCK) ON c.tag_ref = t.tag_ref
  WHERE t.house_ref = @house ORDER BY c.con_key)`,
      `SET @tag = (SELECT TOP (1) t.tag_ref FROM dbo.tenagree t
  WHERE t.house_ref = @house AND t.tag_ref <> ''
  ORDER BY CASE WHEN t.terminated = 1 OR t.eot >= @noneBefore THEN 1 ELSE 0 END,
    CASE WHEN t.cot >= @noneBefore THEN CONVERT(date, t.cot) END DESC, t.tag_ref)`,
      `SET @proceed = CASE WHEN @household > 0 AND @member > 0 AND (@key IS NOT NULL OR @tag IS NOT NULL OR @phonesToWrite = 0)
  THEN 1 ELSE 0 END`,
      ...statements,
    ],
    outcome: 'SELECT @household AS household, @member AS member, @proceed AS proceed',
    params,
  });
  const row = rows[0];
  if (row === undefined) throw new Error('UH gave no outcome for the contact details write');
  if (Number(row.member) === 0) return { kind: 'noSuchPerson' };
  if (Number(row.household) === 0) return { kind: 'noSuchHousehold' };
  if (Number(row.proceed) === 0) return { kind: 'noTenancy' };
  return { kind: 'updated' };
}
