import type { SqlType, SqlValue } from '../engine/types';
import type { ByteWriter } from './ByteWriter';
import type { ColumnEncoder, MetadataWriterFactory } from './ColumnEncoder';
import { encodeCp1252 } from './cp1252';
import { DEFAULT_COLLATION, MAX_LENGTH_MARKER, TypeId } from './protocolConstants';

/** TEXT/NTEXT values carry a 16-byte text pointer and an 8-byte timestamp that clients skip. */
const TEXT_POINTER = Buffer.alloc(16, 0xaa);
const TEXT_TIMESTAMP = Buffer.alloc(8, 0);

/**
 * Encoders for the character and binary types: (n)char/(n)varchar and binary/varbinary with a USHORT
 * length (or PLP for (max)), rowversion as BIGBINARY(8), text/ntext as the legacy TEXT/NTEXT types.
 * char values arrive padded from the engine; they are written as they are.
 */
export function buildCharacterEncoder(t: SqlType, meta: MetadataWriterFactory): ColumnEncoder {
  if (t.name === 'text' || t.name === 'ntext') return textEncoder(t, meta);
  return variableLength(t, meta);
}

function textEncoder(t: SqlType, meta: MetadataWriterFactory): ColumnEncoder {
  const unicode = t.name === 'ntext';
  const info = (out: ByteWriter): void => {
    out.uint32LE(unicode ? 0x7ffffffe : 0x7fffffff);
    out.bytes(DEFAULT_COLLATION);
  };
  return {
    writeMetadata: meta(unicode ? TypeId.NText : TypeId.Text, info, true),
    writeValue(out, v) {
      if (v === null) return out.uint8(0);
      const bytes = unicode ? Buffer.from(String(v), 'utf16le') : encodeCp1252(String(v));
      out.uint8(TEXT_POINTER.length);
      out.bytes(TEXT_POINTER);
      out.bytes(TEXT_TIMESTAMP);
      out.uint32LE(bytes.length);
      out.bytes(bytes);
    },
  };
}

function variableLength(t: SqlType, meta: MetadataWriterFactory): ColumnEncoder {
  const unicode = t.name === 'nchar' || t.name === 'nvarchar';
  const binary = t.name === 'binary' || t.name === 'varbinary' || t.name === 'rowversion';
  const declared =
    t.name === 'rowversion'
      ? 8
      : (t.length ?? (t.name === 'char' || t.name === 'nchar' || t.name === 'binary' ? 1 : 8000));
  const byteMax = unicode && declared > 0 ? declared * 2 : declared;
  const max = declared < 0 || byteMax > 8000;
  const id = {
    char: TypeId.BigChar,
    varchar: TypeId.BigVarChar,
    nchar: TypeId.NChar,
    nvarchar: TypeId.NVarChar,
    binary: TypeId.BigBinary,
    varbinary: TypeId.BigVarBinary,
    rowversion: TypeId.BigBinary,
  }[t.name as 'char'];
  const info = (out: ByteWriter): void => {
    out.uint16LE(max ? MAX_LENGTH_MARKER : byteMax);
    if (!binary) out.bytes(DEFAULT_COLLATION);
  };
  const toBytes = (v: SqlValue): Buffer =>
    binary
      ? Buffer.isBuffer(v)
        ? v
        : Buffer.from(String(v), 'hex')
      : unicode
        ? Buffer.from(String(v), 'utf16le')
        : encodeCp1252(String(v));
  return {
    writeMetadata: meta(id, info),
    writeValue: max
      ? (out, v) => {
          // PLP (MS-TDS 2.2.5.2.3): known total length, one chunk, zero-length terminator.
          if (v === null) {
            out.uint32LE(0xffffffff);
            out.uint32LE(0xffffffff);
            return;
          }
          const bytes = toBytes(v);
          out.uint32LE(bytes.length);
          out.uint32LE(0);
          if (bytes.length > 0) {
            out.uint32LE(bytes.length);
            out.bytes(bytes);
          }
          out.uint32LE(0);
        }
      : (out, v) => {
          if (v === null) return out.uint16LE(MAX_LENGTH_MARKER);
          if (unicode) {
            // UTF-16 code units are exactly the wire's UCS-2 bytes: write in place, no temporary buffer.
            const text = String(v);
            out.uint16LE(text.length * 2);
            out.ucs2(text);
            return;
          }
          const bytes = toBytes(v);
          out.uint16LE(bytes.length);
          out.bytes(bytes);
        },
  };
}
