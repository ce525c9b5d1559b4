import type { ByteWriter } from './ByteWriter';
import { TDS_VERSION_7_4, TokenType } from './protocolConstants';

/**
 * Writers for the small fixed-layout tokens of the response stream (MS-TDS 2.2.7). Result-set tokens
 * (COLMETADATA, ROW) live in their own modules.
 */

export const SERVER_NAME = 'uh-simulator';

/** DONE, DONEPROC or DONEINPROC (MS-TDS 2.2.7.6-8): status, current command, 64-bit row count. */
export function writeDone(
  out: ByteWriter,
  token: number,
  status: number,
  curCmd: number,
  rowCount: number,
): void {
  out.uint8(token);
  out.uint16LE(status);
  out.uint16LE(curCmd);
  out.uint32LE(rowCount >>> 0);
  out.uint32LE(Math.floor(rowCount / 0x100000000));
}

export interface ServerMessage {
  readonly number: number;
  readonly state: number;
  readonly class: number;
  readonly message: string;
  readonly procName?: string;
  readonly lineNumber: number;
}

/** ERROR or INFO (MS-TDS 2.2.7.10 / 2.2.7.13): same layout, different token. */
export function writeMessageToken(
  out: ByteWriter,
  token: typeof TokenType.Error | typeof TokenType.Info,
  m: ServerMessage,
): void {
  // SQL Server caps message text at 2,047 characters; US_VARCHAR could carry more but clients expect the cap.
  const text = m.message.length > 2047 ? m.message.slice(0, 2047) : m.message;
  const procName = m.procName ?? '';
  out.uint8(token);
  out.uint16LE(4 + 1 + 1 + 2 + text.length * 2 + 1 + SERVER_NAME.length * 2 + 1 + procName.length * 2 + 4);
  out.int32LE(m.number);
  out.uint8(m.state & 0xff);
  out.uint8(m.class & 0xff);
  out.usVarChar(text);
  out.bVarChar(SERVER_NAME);
  out.bVarChar(procName);
  out.int32LE(m.lineNumber);
}

/** ENVCHANGE whose values are B_VARCHAR (database, language, packet size). */
export function writeEnvChangeText(out: ByteWriter, type: number, newValue: string, oldValue: string): void {
  out.uint8(TokenType.EnvChange);
  out.uint16LE(1 + 1 + newValue.length * 2 + 1 + oldValue.length * 2);
  out.uint8(type);
  out.bVarChar(newValue);
  out.bVarChar(oldValue);
}

/** ENVCHANGE whose values are B_VARBYTE (collation, transaction descriptors, reset ack). */
export function writeEnvChangeBytes(
  out: ByteWriter,
  type: number,
  newValue: Uint8Array,
  oldValue: Uint8Array,
): void {
  out.uint8(TokenType.EnvChange);
  out.uint16LE(1 + 1 + newValue.length + 1 + oldValue.length);
  out.uint8(type);
  out.bVarByte(newValue);
  out.bVarByte(oldValue);
}

export function writeReturnStatus(out: ByteWriter, value: number): void {
  out.uint8(TokenType.ReturnStatus);
  out.int32LE(value);
}

const PROG_NAME = 'Microsoft SQL Server';

/** LOGINACK (MS-TDS 2.2.7.14): interface SQL_TSQL, TDS 7.4, program name and version 16.0.1000. */
export function writeLoginAck(out: ByteWriter): void {
  out.uint8(TokenType.LoginAck);
  out.uint16LE(1 + 4 + 1 + PROG_NAME.length * 2 + 4);
  out.uint8(1);
  out.uint32BE(TDS_VERSION_7_4);
  out.bVarChar(PROG_NAME);
  out.uint8(16);
  out.uint8(0);
  out.uint8(0x03);
  out.uint8(0xe8);
}
