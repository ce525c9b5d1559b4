/**
 * A growable little-endian byte buffer that one connection reuses for every response, so the hot path
 * (one small result per request) allocates nothing but the final packet buffer.
 */
export class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(initialSize = 8192) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  reset(): void {
    this.length = 0;
  }

  /** After an unusually large response, give the memory back instead of keeping it per connection. */
  shrink(maxRetained: number, size: number): void {
    if (this.buf.length > maxRetained) this.buf = Buffer.allocUnsafe(size);
    this.length = 0;
  }

  /** The bytes written so far; a view, valid until the next write or reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  uint8(value: number): void {
    this.ensure(1);
    this.buf[this.length++] = value & 0xff;
  }

  uint16LE(value: number): void {
    this.ensure(2);
    this.length = this.buf.writeUInt16LE(value, this.length);
  }

  uint16BE(value: number): void {
    this.ensure(2);
    this.length = this.buf.writeUInt16BE(value, this.length);
  }

  int16LE(value: number): void {
    this.ensure(2);
    this.length = this.buf.writeInt16LE(value, this.length);
  }

  uint32LE(value: number): void {
    this.ensure(4);
    this.length = this.buf.writeUInt32LE(value, this.length);
  }

  uint32BE(value: number): void {
    this.ensure(4);
    this.length = this.buf.writeUInt32BE(value, this.length);
  }

  int32LE(value: number): void {
    this.ensure(4);
    this.length = this.buf.writeInt32LE(value, this.length);
  }

  /** Unsigned little-endian integer of 1..6 bytes (TIME / DATETIME2 / DATE parts). */
  uintLE(value: number, byteLength: number): void {
    this.ensure(byteLength);
    this.length = this.buf.writeUIntLE(value, this.length, byteLength);
  }

  bigInt64LE(value: bigint): void {
    this.ensure(8);
    this.length = this.buf.writeBigInt64LE(value, this.length);
  }

  bigUInt64LE(value: bigint): void {
    this.ensure(8);
    this.length = this.buf.writeBigUInt64LE(value, this.length);
  }

  floatLE(value: number): void {
    this.ensure(4);
    this.length = this.buf.writeFloatLE(value, this.length);
  }

  doubleLE(value: number): void {
    this.ensure(8);
    this.length = this.buf.writeDoubleLE(value, this.length);
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** UTF-16LE text without a length prefix; returns the byte count written. */
  ucs2(text: string): number {
    const byteLength = text.length * 2;
    this.ensure(byteLength);
    this.buf.write(text, this.length, byteLength, 'utf16le');
    this.length += byteLength;
    return byteLength;
  }

  /** B_VARCHAR: character count in one byte, then UTF-16LE. */
  bVarChar(text: string): void {
    this.uint8(text.length);
    this.ucs2(text);
  }

  /** US_VARCHAR: character count in two bytes, then UTF-16LE. */
  usVarChar(text: string): void {
    this.uint16LE(text.length);
    this.ucs2(text);
  }

  /** B_VARBYTE: byte count in one byte, then the bytes. */
  bVarByte(data: Uint8Array): void {
    this.uint8(data.length);
    this.bytes(data);
  }

  /** Reserve `count` bytes to fill in later (e.g. a token length); returns their offset. */
  reserve(count: number): number {
    this.ensure(count);
    const at = this.length;
    this.length += count;
    return at;
  }

  patchUInt16LE(offset: number, value: number): void {
    this.buf.writeUInt16LE(value, offset);
  }
}
