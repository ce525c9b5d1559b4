import { ByteReader } from './ByteReader';
import { TdsProtocolError } from './TdsProtocolError';

export interface Login7 {
  readonly tdsVersion: number;
  readonly packetSize: number;
  readonly userName: string;
  readonly appName: string;
  readonly serverName: string;
  readonly language: string;
  readonly database: string;
}

/** Fixed part of LOGIN7 before the offset/length table (MS-TDS 2.2.6.4). */
const OFFSET_TABLE_START = 36;

/**
 * Read what the simulator needs from LOGIN7: database and packet size. Any user and password are
 * accepted (the password is not even descrambled), since the simulator stands in for a test server.
 */
export function parseLogin7(payload: Buffer): Login7 {
  const reader = new ByteReader(payload);
  const length = reader.uint32LE('LOGIN7 length');
  if (length > payload.length || length < OFFSET_TABLE_START + 58) {
    throw new TdsProtocolError(`LOGIN7 declares ${length} bytes but ${payload.length} arrived`);
  }
  const tdsVersion = reader.uint32LE();
  const packetSize = reader.uint32LE();
  // ClientProgVer, ClientPID, ConnectionID, 4 flag bytes, ClientTimeZone, ClientLCID: not needed.
  reader.offset = OFFSET_TABLE_START;
  const field = (): string => {
    const offset = reader.uint16LE('LOGIN7 offset');
    const chars = reader.uint16LE('LOGIN7 length');
    if (chars === 0) return '';
    if (offset + chars * 2 > payload.length) throw new TdsProtocolError('LOGIN7 field runs past the message');
    return payload.toString('utf16le', offset, offset + chars * 2);
  };
  field(); // HostName
  const userName = field();
  reader.skip(4); // Password (scrambled): accepted whatever it is
  const appName = field();
  const serverName = field();
  reader.skip(4); // Extension (TDS 7.4 FeatureExt pointer): no feature is acknowledged
  field(); // CltIntName
  const language = field();
  const database = field();
  return { tdsVersion, packetSize, userName, appName, serverName, language, database };
}
