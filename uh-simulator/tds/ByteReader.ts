import { TdsProtocolError } from './TdsProtocolError';

/** A bounds-checked little-endian cursor over one request message. */
export class ByteReader {
  offset: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(count: number, what: string): void {
    if (this.offset + count > this.buf.length) {
      throw new TdsProtocolError(
        `message ends inside ${what}: need ${count} bytes at ${this.offset}, have ${this.remaining}`,
      );
    }
  }

  uint8(what = 'a byte'): number {
    this.need(1, what);
    return this.buf[this.offset++] as number;
  }

  uint16LE(what = 'a USHORT'): number {
    this.need(2, what);
    const value = this.buf.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  uint32LE(what = 'a ULONG'): number {
    this.need(4, what);
    const value = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  int32LE(what = 'a LONG'): number {
    this.need(4, what);
    const value = this.buf.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  uintLE(byteLength: number, what = 'an integer'): number {
    this.need(byteLength, what);
    const value = this.buf.readUIntLE(this.offset, byteLength);
    this.offset += byteLength;
    return value;
  }

  bigInt64LE(what = 'a LONGLONG'): bigint {
    this.need(8, what);
    const value = this.buf.readBigInt64LE(this.offset);
    this.offset += 8;
    return value;
  }

  bigUInt64LE(what = 'a ULONGLONG'): bigint {
    this.need(8, what);
    const value = this.buf.readBigUInt64LE(this.offset);
    this.offset += 8;
    return value;
  }

  floatLE(what = 'a REAL'): number {
    this.need(4, what);
    const value = this.buf.readFloatLE(this.offset);
    this.offset += 4;
    return value;
  }

  doubleLE(what = 'a FLOAT'): number {
    this.need(8, what);
    const value = this.buf.readDoubleLE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A view (no copy) of the next `count` bytes. */
  bytes(count: number, what = 'a byte string'): Buffer {
    this.need(count, what);
    const value = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  ucs2(charCount: number, what = 'a UCS-2 string'): string {
    this.need(charCount * 2, what);
    const value = this.buf.toString('utf16le', this.offset, this.offset + charCount * 2);
    this.offset += charCount * 2;
    return value;
  }

  bVarChar(what = 'a B_VARCHAR'): string {
    return this.ucs2(this.uint8(what), what);
  }

  usVarChar(what = 'a US_VARCHAR'): string {
    return this.ucs2(this.uint16LE(what), what);
  }

  skip(count: number, what = 'skipped bytes'): void {
    this.need(count, what);
    this.offset += count;
  }
}
