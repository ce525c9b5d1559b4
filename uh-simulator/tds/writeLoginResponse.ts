import type { ByteWriter } from './ByteWriter';
import { CurCmd, DEFAULT_COLLATION, DoneStatus, EnvChangeType, TokenType } from './protocolConstants';
import {
  writeDone,
  writeEnvChangeBytes,
  writeEnvChangeText,
  writeLoginAck,
  writeMessageToken,
} from './writeTokens';

/**
 * The LOGIN7 response, in the order SQL Server sends it: database change (+ INFO 5701), collation,
 * language (+ INFO 5703), LOGINACK, packet size, DONE. tedious takes the collation as the encoding for
 * varchar parameters and the packet size for everything it sends afterwards.
 */
export function writeLoginResponse(out: ByteWriter, database: string, packetSize: number): void {
  writeEnvChangeText(out, EnvChangeType.Database, database, 'master');
  writeMessageToken(out, TokenType.Info, {
    number: 5701,
    state: 2,
    class: 0,
    message: `Changed database context to '${database}'.`,
    lineNumber: 1,
  });
  writeEnvChangeBytes(out, EnvChangeType.SqlCollation, DEFAULT_COLLATION, Buffer.alloc(0));
  writeEnvChangeText(out, EnvChangeType.Language, 'us_english', '');
  writeMessageToken(out, TokenType.Info, {
    number: 5703,
    state: 1,
    class: 0,
    message: 'Changed language setting to us_english.',
    lineNumber: 1,
  });
  writeLoginAck(out);
  writeEnvChangeText(out, EnvChangeType.PacketSize, String(packetSize), String(packetSize));
  writeDone(out, TokenType.Done, DoneStatus.Final, CurCmd.None, 0);
}
