import { PACKET_HEADER_LENGTH, PacketStatus } from './protocolConstants';

/**
 * Split one message payload into packets of at most `packetSize` bytes (header included), the last
 * flagged EOM (MS-TDS 2.2.3.1). Returns one buffer holding all packets so the socket gets one write.
 */
export function writePackets(type: number, payload: Buffer, packetSize: number): Buffer {
  const room = packetSize - PACKET_HEADER_LENGTH;
  const packetCount = Math.max(1, Math.ceil(payload.length / room));
  const out = Buffer.allocUnsafe(payload.length + packetCount * PACKET_HEADER_LENGTH);
  let source = 0;
  let target = 0;
  for (let i = 0; i < packetCount; i++) {
    const chunk = Math.min(room, payload.length - source);
    const last = i === packetCount - 1;
    out[target] = type;
    out[target + 1] = last ? PacketStatus.Eom : 0;
    out.writeUInt16BE(chunk + PACKET_HEADER_LENGTH, target + 2);
    out.writeUInt16BE(0, target + 4); // SPID: clients ignore it
    out[target + 6] = (i + 1) & 0xff; // PacketID, modulo 256
    out[target + 7] = 0; // Window, unused
    payload.copy(out, target + PACKET_HEADER_LENGTH, source, source + chunk);
    source += chunk;
    target += chunk + PACKET_HEADER_LENGTH;
  }
  return out;
}
