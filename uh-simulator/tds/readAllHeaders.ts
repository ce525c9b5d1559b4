import type { ByteReader } from './ByteReader';
import { TdsProtocolError } from './TdsProtocolError';

const TRANSACTION_DESCRIPTOR_HEADER = 2;

/**
 * Skip ALL_HEADERS (MS-TDS 2.2.5.3), which TDS 7.2+ requires before SQL batch, RPC and transaction
 * manager payloads, and return the transaction descriptor it carries (8 bytes; zero outside a transaction).
 * The simulator keeps one session per connection, so the descriptor is informational only.
 */
export function readAllHeaders(r: ByteReader): Buffer | undefined {
  const start = r.offset;
  const total = r.uint32LE('ALL_HEADERS length');
  if (total < 4 || start + total > r.buf.length)
    throw new TdsProtocolError(`ALL_HEADERS length ${total} is out of range`);
  let descriptor: Buffer | undefined;
  while (r.offset < start + total) {
    const headerStart = r.offset;
    const length = r.uint32LE('header length');
    const type = r.uint16LE('header type');
    if (type === TRANSACTION_DESCRIPTOR_HEADER) descriptor = r.bytes(8, 'transaction descriptor');
    r.offset = headerStart + length;
  }
  r.offset = start + total;
  return descriptor;
}
