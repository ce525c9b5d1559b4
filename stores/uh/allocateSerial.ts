import type { UhTransaction } from './UhStore';
import { writeThenRead } from './writeThenRead';

/**
 * UH allocates new references from dbo.sysserial inside the writing transaction: increment the row and
 * read the new value back in the same batch (writeThenRead), while the transaction's exclusive lock on the
 * row keeps every other writer waiting, so two writers can never get the same number.
 */
export async function allocateSerial(tx: UhTransaction, serType: 'rmreqst' | 'contacts'): Promise<number> {
  const rows = await tx.query<{ ser_value: number }>({
    name: `allocateSerial.${serType}`,
    text: writeThenRead('UPDATE dbo.sysserial SET ser_value = ser_value + 1 WHERE ser_type = @type', {
      columns: 'ser_value',
      table: 'dbo.sysserial',
      where: 'ser_type = @type',
    }),
    params: [{ type: 'char', length: 10, name: 'type', value: serType }],
  });
  const value = rows[0]?.ser_value;
  if (value === undefined) throw new Error(`UH has no sysserial row for '${serType}'`);
  return value;
}
