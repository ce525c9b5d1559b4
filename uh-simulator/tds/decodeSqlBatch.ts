import { ByteReader } from './ByteReader';
import { readAllHeaders } from './readAllHeaders';

/** SQL batch (MS-TDS 2.2.6.7): ALL_HEADERS, then the batch text in UTF-16LE to the end of the message. */
export function decodeSqlBatch(payload: Buffer): string {
  const r = new ByteReader(payload);
  readAllHeaders(r);
  return payload.toString('utf16le', r.offset, payload.length - ((payload.length - r.offset) % 2));
}
