import type { UhClient, UhTransaction } from './UhStore';
import { writeInOneBatch } from './writeInOneBatch';
import type { NewRepairInput, RaiseRepairOutcome } from '../model/writeOutcomes';
import type { RepairPriority } from '../model/records';
import { CODE_BY_PRIORITY } from './codeLists';
import { cleanFlag, cleanText } from './normalise';
import { PROP_REF, RQ_REF } from './uhTypes';
import type { RepairRow } from './readRepairs';
import { writeThenRead } from './writeThenRead';

export type NewRepair = NewRepairInput & { readonly raisedAt: Date };

/** Status of a newly raised (open) request in UH. */
export const OPEN_STATUS = '000';
/** user_code written on requests raised through the graph. */
const USER_CODE = 'API';

export interface PropertyForRepair {
  readonly noMaintenance: boolean;
  /** The property's household as held (padded), '' when none: UH copies it onto the request. */
  readonly houseRef: string;
}

export async function readPropertyForRepair(
  tx: UhTransaction,
  propertyReference: string,
): Promise<PropertyForRepair | null> {
  const rows = await tx.query<{ no_maint: boolean | null; house_ref: string | null }>({
    name: 'propertyForRepair',
    text: 'SELECT p.no_maint, p.house_ref FROM dbo.property p WHERE p.prop_ref = @ref',
    params: [{ ...PROP_REF, name: 'ref', value: propertyReference }],
  });
  const row = rows[0];
  if (row === undefined) return null;
  return { noMaintenance: cleanFlag(row.no_maint), houseRef: cleanText(row.house_ref) ?? '' };
}

/** The request row as UH holds it, with what the graph does not read (rq_name, rq_phone) and its rowversion. */
export type RepairRowForWrite = RepairRow & {
  readonly rq_name: string | null;
  readonly rq_phone: string | null;
  readonly tstamp: Buffer;
};

/** Read one request, keeping it locked (UPDLOCK) until the transaction ends, for a write that depends on it. */
export async function readRepairForWrite(
  tx: UhTransaction,
  reference: string,
): Promise<RepairRowForWrite | null> {
  const rows = await tx.query<RepairRowForWrite>({
    name: 'repairForWrite',
    text: `SELECT r.rq_ref, r.prop_ref, r.rq_priority, r.rq_status, r.rq_date, r.rq_problem, r.rq_name, r.rq_phone, r.tstamp
FROM dbo.rmreqst r WITH (UPDLOCK, ROWLOCK) WHERE r.rq_ref = @ref`,
    params: [{ ...RQ_REF, name: 'ref', value: reference }],
  });
  return rows[0] ?? null;
}

/** Every column a raised request gets, in UH's format (codes, blanks for no value, char padding by UH). */
export interface RepairRowValues {
  readonly reference: string;
  readonly propertyReference: string;
  readonly houseRef: string;
  readonly raisedAt: Date;
  readonly description: string;
  readonly priority: RepairPriority;
  readonly status: string;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
}

function repairParams(values: RepairRowValues) {
  return [
    { ...RQ_REF, name: 'ref', value: values.reference },
    { type: 'char' as const, length: 10, name: 'house', value: values.houseRef },
    ...requestParams(values),
  ];
}

/** What the caller gives of a request (not its reference, nor the household UH copies from the property). */
function requestParams(values: Omit<RepairRowValues, 'reference' | 'houseRef'>) {
  return [
    { ...PROP_REF, name: 'prop', value: values.propertyReference },
    { type: 'datetime' as const, name: 'raised', value: values.raisedAt },
    { type: 'nvarchar' as const, length: 4000, name: 'problem', value: values.description },
    { type: 'char' as const, length: 3, name: 'priority', value: CODE_BY_PRIORITY[values.priority] },
    { type: 'char' as const, length: 3, name: 'status', value: values.status },
    { type: 'char' as const, length: 40, name: 'name', value: values.contactName ?? '' },
    { type: 'nvarchar' as const, length: 40, name: 'phone', value: values.contactPhone ?? '' },
  ];
}

/**
 * Insert a request row; gives back the rowversion UH gave it. rq_cancel is blank, rq_cancel_date NULL, as
 * on every open request UH holds. The rowversion is read back by key (writeThenRead: UH's tables have
 * triggers, so no OUTPUT clause).
 */
export async function insertRepairRow(tx: UhTransaction, values: RepairRowValues): Promise<Buffer> {
  const rows = await tx.query<{ tstamp: Buffer }>({
    name: 'insertRepairRequest',
    text: writeThenRead(
      `INSERT INTO dbo.rmreqst (rq_ref, prop_ref, house_ref, rq_date, rq_problem, rq_priority, rq_status, rq_name, rq_phone, rq_cancel, user_code)
VALUES (@ref, @prop, @house, @raised, @problem, @priority, @status, @name, @phone, '', @user)`,
      { columns: 'tstamp', table: 'dbo.rmreqst', where: 'rq_ref = @ref' },
    ),
    params: [...repairParams(values), { type: 'char', length: 3, name: 'user', value: USER_CODE }],
  });
  return tstampOf(rows);
}

/** Put every column a raised request gets back to `values` (the row exists); gives back the new rowversion. */
export async function overwriteRepairRow(tx: UhTransaction, values: RepairRowValues): Promise<Buffer> {
  const rows = await tx.query<{ tstamp: Buffer }>({
    name: 'overwriteRepairRequest',
    text: writeThenRead(
      `UPDATE dbo.rmreqst SET prop_ref = @prop, house_ref = @house, rq_date = @raised, rq_problem = @problem,
  rq_priority = @priority, rq_status = @status, rq_name = @name, rq_phone = @phone
WHERE rq_ref = @ref`,
      { columns: 'tstamp', table: 'dbo.rmreqst', where: 'rq_ref = @ref' },
    ),
    params: repairParams(values),
  });
  return tstampOf(rows);
}

function tstampOf(rows: readonly { tstamp: Buffer }[]): Buffer {
  const tstamp = rows[0]?.tstamp;
  if (tstamp === undefined) throw new Error('UH wrote no rmreqst row');
  return tstamp;
}

/** rq_ref as UH allocates it: the sysserial value, zero-padded to 8 digits. */
function requestReference(serial: number): string {
  return String(serial).padStart(8, '0');
}

/**
 * Raise a repair request in one request to UH (writeInOneBatch): take the next rq_ref from sysserial only if
 * the property exists and may be maintained, and insert the request from that number in the same
 * transaction. The property's row then tells a refusal apart. rq_ref is the number zero-padded to 8 digits,
 * as requestReference makes it; a number too long for char(8) fails the insert (8152), and with it the batch.
 */
export async function raiseRepair(store: UhClient, repair: NewRepair): Promise<RaiseRepairOutcome> {
  const rows = await writeInOneBatch<{ no_maint: boolean | null; ser_value: number | null }>(store, {
    name: 'raiseRepairRequest',
    declare: ['@allocated int'],
    statements: [
      `UPDATE dbo.sysserial SET ser_value = ser_value + 1
WHERE ser_type = @serial
  AND EXISTS (SELECT 1 FROM dbo.property p WITH (UPDLOCK, ROWLOCK) WHERE p.prop_ref = @prop AND ISNULL(p.no_maint, 0) = 0)`,
      'SET @allocated = @@ROWCOUNT',
      `INSERT INTO dbo.rmreqst (rq_ref, prop_ref, house_ref, rq_date, rq_problem, rq_priority, rq_status, rq_name, rq_phone, rq_cancel, user_code)
SELECT CASE WHEN s.ser_value < 100000000 THEN RIGHT('0000000' + CONVERT(varchar(10), s.ser_value), 8) ELSE CONVERT(varchar(10), s.ser_value) END,
  @prop, LTRIM(RTRIM(ISNULL(p.house_ref, ''))), @raised, @problem, @priority, @status, @name, @phone, '', @user
FROM dbo.sysserial s, dbo.property p
WHERE s.ser_type = @serial AND p.prop_ref = @prop AND @allocated > 0`,
    ],
    outcome: `SELECT p.no_maint, s.ser_value FROM dbo.property p
LEFT JOIN dbo.sysserial s ON s.ser_type = @serial AND @allocated > 0 WHERE p.prop_ref = @prop`,
    params: [
      ...requestParams({ ...repair, status: OPEN_STATUS }),
      { type: 'char', length: 3, name: 'user', value: USER_CODE },
      { type: 'char', length: 10, name: 'serial', value: 'rmreqst' },
    ],
  });
  const row = rows[0];
  if (row === undefined) return { kind: 'noSuchProperty' };
  if (cleanFlag(row.no_maint)) return { kind: 'noMaintenance' };
  if (row.ser_value === null) throw new Error("UH has no sysserial row for 'rmreqst'");
  return { kind: 'raised', reference: requestReference(Number(row.ser_value)) };
}
