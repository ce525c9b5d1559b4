/**
 * SQL Server rowversions as this project handles them: 8-byte big-endian Buffers (what the driver returns
 * for a timestamp column and what PostgreSQL keeps as bytea), compared and stepped as unsigned 64-bit numbers.
 */
export type Rowversion = Buffer;

export const ZERO_ROWVERSION: Rowversion = Buffer.alloc(8);

export function rowversionOf(value: unknown): Rowversion | null {
  return Buffer.isBuffer(value) && value.length === 8 ? value : null;
}

export function toBigInt(rowversion: Rowversion): bigint {
  return rowversion.readBigUInt64BE(0);
}

export function fromBigInt(value: bigint): Rowversion {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(value < 0n ? 0n : value);
  return buffer;
}

/** The rowversion just below: "everything up to here" when the next one is the first not to take yet. */
export function previousRowversion(rowversion: Rowversion): Rowversion {
  return fromBigInt(toBigInt(rowversion) - 1n);
}

export function compareRowversions(a: Rowversion, b: Rowversion): number {
  return Buffer.compare(a, b);
}

export function maxRowversion(a: Rowversion, b: Rowversion): Rowversion {
  return compareRowversions(a, b) >= 0 ? a : b;
}

export function rowversionHex(rowversion: Rowversion): string {
  return `0x${rowversion.toString('hex')}`;
}
