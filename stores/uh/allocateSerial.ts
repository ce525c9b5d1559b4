import type { UhTransaction } from './UhStore';

/**
 * UH allocates new references from dbo.sysserial inside the writing transaction: increment the row and
 * read the new value back in one statement, so two writers can never get the same number.
 */
export async function allocateSerial(tx: UhTransaction, serType: 'rmreqst' | 'contacts'): Promise<number> {
  const rows = await tx.query<{ ser_value: number }>({
    name: `allocateSerial.${serType}`,
    text: 'UPDATE dbo.sysserial SET ser_value = ser_value + 1 OUTPUT inserted.ser_value WHERE ser_type = @type',
    params: [{ type: 'char', length: 10, name: 'type', value: serType }],
  });
  const value = rows[0]?.ser_value;
  if (value === undefined) throw new Error(`UH has no sysserial row for '${serType}'`);
  return value;
}
