import { PACKET_HEADER_LENGTH, PacketStatus } from './protocolConstants';
import { TdsProtocolError } from './TdsProtocolError';

/** One client message: the payloads of its packets joined, with the flags of its first and last packet. */
export interface TdsMessage {
  readonly type: number;
  /** RESETCONNECTION (or RESETCONNECTIONSKIPTRAN) was set on the first packet. */
  readonly resetConnection: boolean;
  /** The client set IGNORE on the last packet: it abandoned the request mid-send (MS-TDS 2.2.1.6). */
  readonly ignore: boolean;
  readonly payload: Buffer;
}

/**
 * Turns the socket's byte stream into messages (MS-TDS 2.2.3.1: a message is one or more packets,
 * the last one flagged EOM). Single-packet messages, the common case, are handed on without copying.
 */
export class MessageAssembler {
  private pending: Buffer | undefined;
  private parts: Buffer[] = [];
  private partsType = -1;
  private partsReset = false;

  /** Feed a chunk; returns the messages it completed, in order. */
  push(chunk: Buffer): TdsMessage[] {
    let data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    const messages: TdsMessage[] = [];
    let offset = 0;
    while (data.length - offset >= PACKET_HEADER_LENGTH) {
      const length = data.readUInt16BE(offset + 2);
      if (length < PACKET_HEADER_LENGTH) {
        throw new TdsProtocolError(`packet length ${length} is shorter than its header`);
      }
      if (data.length - offset < length) break;
      const type = data[offset] as number;
      const status = data[offset + 1] as number;
      const payload = data.subarray(offset + PACKET_HEADER_LENGTH, offset + length);
      offset += length;
      const message = this.addPacket(type, status, payload);
      if (message !== undefined) messages.push(message);
    }
    if (offset < data.length) {
      // Copy so the retained tail does not pin a large socket chunk.
      data = data.subarray(offset);
      this.pending = Buffer.from(data);
    }
    return messages;
  }

  private addPacket(type: number, status: number, payload: Buffer): TdsMessage | undefined {
    const eom = (status & PacketStatus.Eom) !== 0;
    if (this.parts.length === 0) {
      const resetConnection =
        (status & (PacketStatus.ResetConnection | PacketStatus.ResetConnectionSkipTran)) !== 0;
      if (eom) {
        return { type, resetConnection, ignore: (status & PacketStatus.Ignore) !== 0, payload };
      }
      this.partsType = type;
      this.partsReset = resetConnection;
      // The socket may reuse nothing, but the slice pins the chunk; copy parts of multi-packet messages.
      this.parts.push(Buffer.from(payload));
      return undefined;
    }
    if (type !== this.partsType) {
      // An ATTENTION can only follow a complete message (MS-TDS 2.2.1.7), so a type change mid-message is corrupt.
      throw new TdsProtocolError(`packet of type ${type} inside a message of type ${this.partsType}`);
    }
    this.parts.push(eom ? payload : Buffer.from(payload));
    if (!eom) return undefined;
    const message: TdsMessage = {
      type,
      resetConnection: this.partsReset,
      ignore: (status & PacketStatus.Ignore) !== 0,
      payload: Buffer.concat(this.parts),
    };
    this.parts = [];
    return message;
  }
}
