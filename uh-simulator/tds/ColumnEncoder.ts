import type { SqlValue } from '../engine/types';
import type { ByteWriter } from './ByteWriter';

/** How one result column is described in COLMETADATA and how its values are written in ROW tokens. */
export interface ColumnEncoder {
  writeMetadata(out: ByteWriter): void;
  writeValue(out: ByteWriter, value: SqlValue): void;
}

/** Writes a column's COLMETADATA entry: user type, flags, type id, `info` (TYPE_INFO rest), name. */
export type MetadataWriterFactory = (
  id: number,
  info?: (out: ByteWriter) => void,
  tableName?: boolean,
) => (out: ByteWriter) => void;
