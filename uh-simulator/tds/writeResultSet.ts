import type { ResultSet } from '../engine/types';
import { buildColumnEncoder } from './buildColumnEncoder';
import type { ByteWriter } from './ByteWriter';
import { TokenType } from './protocolConstants';

/** COLMETADATA (MS-TDS 2.2.7.4) followed by one ROW token (2.2.7.19) per row. */
export function writeResultSet(out: ByteWriter, resultSet: ResultSet): void {
  const encoders = resultSet.columns.map(buildColumnEncoder);
  out.uint8(TokenType.ColMetadata);
  out.uint16LE(encoders.length);
  for (const encoder of encoders) encoder.writeMetadata(out);
  const columnCount = encoders.length;
  for (const row of resultSet.rows) {
    out.uint8(TokenType.Row);
    for (let i = 0; i < columnCount; i++) {
      (encoders[i] as (typeof encoders)[number]).writeValue(out, row[i] ?? null);
    }
  }
}
