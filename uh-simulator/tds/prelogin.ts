/**
 * PRELOGIN (MS-TDS 2.2.6.5). The simulator never encrypts: it answers ENCRYPTION = NOT_SUP, so clients
 * must connect with `encrypt: false` (tedious then skips TLS entirely).
 */

const Option = {
  Version: 0x00,
  Encryption: 0x01,
  InstOpt: 0x02,
  ThreadId: 0x03,
  Mars: 0x04,
  Terminator: 0xff,
} as const;
const ENCRYPT_NOT_SUP = 0x02;

/** Reported server version 16.0.1000 (SQL Server 2022); clients only display it. */
const VERSION = Buffer.from([16, 0, 0x03, 0xe8, 0, 0]);

export function buildPreloginResponse(threadId: number): Buffer {
  const threadIdBytes = Buffer.alloc(4);
  threadIdBytes.writeUInt32BE(threadId >>> 0, 0);
  const options: [number, Buffer][] = [
    [Option.Version, VERSION],
    [Option.Encryption, Buffer.from([ENCRYPT_NOT_SUP])],
    [Option.InstOpt, Buffer.from([0])],
    [Option.ThreadId, threadIdBytes],
    [Option.Mars, Buffer.from([0])],
  ];
  const headerLength = options.length * 5 + 1;
  const dataLength = options.reduce((sum, [, data]) => sum + data.length, 0);
  const out = Buffer.alloc(headerLength + dataLength);
  let header = 0;
  let data = headerLength;
  for (const [token, value] of options) {
    out[header] = token;
    out.writeUInt16BE(data, header + 1);
    out.writeUInt16BE(value.length, header + 3);
    header += 5;
    value.copy(out, data);
    data += value.length;
  }
  out[header] = Option.Terminator;
  return out;
}
