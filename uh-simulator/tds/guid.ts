/**
 * uniqueidentifier on the wire is the Windows GUID struct: the first three groups little-endian, the
 * last two as written (MS-TDS 2.2.5.5.1.9 refers to it as a 16-byte GUID). The engine's form is the
 * upper-case canonical string.
 */

const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
const GUID =
  /^\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/;

export function guidToBytes(text: string): Buffer {
  const m = GUID.exec(text.trim());
  if (m === null) throw new TypeError(`not a uniqueidentifier: ${JSON.stringify(text)}`);
  const canonical = Buffer.from(m.slice(1).join(''), 'hex');
  const out = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i++) out[i] = canonical[ORDER[i] as number] as number;
  return out;
}

export function guidFromBytes(bytes: Uint8Array): string {
  const canonical = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i++) canonical[ORDER[i] as number] = bytes[i] as number;
  const hex = canonical.toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
