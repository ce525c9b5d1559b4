import type { SqlValue } from '../engine/types';
import type { ByteReader } from './ByteReader';
import { decodeCp1252 } from './cp1252';
import { unsupported, type WireType } from './decodeTypeInfo';
import { fromScaledBigInt } from './exactNumeric';
import { guidFromBytes } from './guid';
import { MAX_LENGTH_MARKER, PLP_NULL, TypeId } from './protocolConstants';
import { DAYS_TO_1900, formatDate, formatTime, partsFromTimeUnits, timeByteLength } from './temporal';

/**
 * Read one RPC parameter value (MS-TDS 2.2.6.6 ParamLenData) of the given TYPE_INFO into the engine's
 * canonical JS form (see SqlValue in engine/types.ts).
 */
export function decodeParamValue(r: ByteReader, t: WireType): SqlValue {
  switch (t.id) {
    case TypeId.Int1:
    case TypeId.Int2:
    case TypeId.Int4:
    case TypeId.Int8:
    case TypeId.Bit:
    case TypeId.Flt4:
    case TypeId.Flt8:
    case TypeId.Money4:
    case TypeId.Money:
    case TypeId.DateTim4:
    case TypeId.DateTime:
      return fixedValue(r, t.id);
    case TypeId.IntN:
    case TypeId.BitN:
    case TypeId.FltN:
    case TypeId.MoneyN:
    case TypeId.DateTimN: {
      const length = r.uint8('value length');
      if (length === 0) return null;
      return fixedValue(r, nullableToFixed(t.id, length));
    }
    case TypeId.Guid: {
      const length = r.uint8('value length');
      return length === 0 ? null : guidFromBytes(r.bytes(16, 'uniqueidentifier'));
    }
    case TypeId.DecimalN:
    case TypeId.NumericN: {
      const length = r.uint8('value length');
      if (length === 0) return null;
      const positive = r.uint8('decimal sign') === 1;
      const bytes = r.bytes(length - 1, 'decimal magnitude');
      let magnitude = 0n;
      for (let i = bytes.length - 1; i >= 0; i--) magnitude = (magnitude << 8n) | BigInt(bytes[i] as number);
      return fromScaledBigInt(positive ? magnitude : -magnitude, t.scale);
    }
    case TypeId.DateN: {
      const length = r.uint8('value length');
      return length === 0 ? null : formatDate(r.uintLE(3, 'date'));
    }
    case TypeId.TimeN: {
      const length = r.uint8('value length');
      if (length === 0) return null;
      const p = partsFromTimeUnits(0, r.uintLE(timeByteLength(t.scale), 'time'), t.scale);
      return formatTime(p.seconds, p.fraction7, 7);
    }
    case TypeId.DateTime2N: {
      const length = r.uint8('value length');
      if (length === 0) return null;
      const units = r.uintLE(timeByteLength(t.scale), 'datetime2 time');
      const p = partsFromTimeUnits(r.uintLE(3, 'datetime2 date'), units, t.scale);
      return `${formatDate(p.days)} ${formatTime(p.seconds, p.fraction7, Math.max(3, t.scale))}`;
    }
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.NVarChar:
    case TypeId.NChar:
    case TypeId.BigVarBinary:
    case TypeId.BigBinary: {
      const bytes = t.length === MAX_LENGTH_MARKER ? readPlp(r) : readUShortLengthBytes(r);
      return bytes === null ? null : bytesToValue(t.id, bytes);
    }
    case TypeId.Text:
    case TypeId.NText:
    case TypeId.Image: {
      const length = r.int32LE('value length');
      if (length < 0) return null;
      return bytesToValue(t.id, r.bytes(length));
    }
    default:
      throw unsupported(`parameters of TDS type 0x${t.id.toString(16)}`);
  }
}

function nullableToFixed(id: number, length: number): number {
  switch (id) {
    case TypeId.IntN:
      return length === 1
        ? TypeId.Int1
        : length === 2
          ? TypeId.Int2
          : length === 4
            ? TypeId.Int4
            : TypeId.Int8;
    case TypeId.BitN:
      return TypeId.Bit;
    case TypeId.FltN:
      return length === 4 ? TypeId.Flt4 : TypeId.Flt8;
    case TypeId.MoneyN:
      return length === 4 ? TypeId.Money4 : TypeId.Money;
    default:
      return length === 4 ? TypeId.DateTim4 : TypeId.DateTime;
  }
}

function fixedValue(r: ByteReader, id: number): SqlValue {
  switch (id) {
    case TypeId.Int1:
      return r.uint8('tinyint');
    case TypeId.Int2:
      return r.bytes(2, 'smallint').readInt16LE(0);
    case TypeId.Int4:
      return r.int32LE('int');
    case TypeId.Int8:
      return r.bigInt64LE('bigint');
    case TypeId.Bit:
      return r.uint8('bit') !== 0;
    case TypeId.Flt4:
      return r.floatLE('real');
    case TypeId.Flt8:
      return r.doubleLE('float');
    case TypeId.Money4:
      return fromScaledBigInt(BigInt(r.int32LE('smallmoney')), 4);
    case TypeId.Money: {
      const high = r.int32LE('money');
      const low = r.uint32LE('money');
      return fromScaledBigInt((BigInt(high) << 32n) + BigInt(low), 4);
    }
    case TypeId.DateTim4: {
      const days = r.uint16LE('smalldatetime');
      const minutes = r.uint16LE('smalldatetime');
      return `${formatDate(DAYS_TO_1900 + days)} ${formatTime(minutes * 60, 0, 3)}`;
    }
    default: {
      const days = r.int32LE('datetime');
      // 1/300 s ticks; SQL Server shows them as milliseconds ending in 0, 3 or 7.
      const ms = Math.round((r.uint32LE('datetime') * 10) / 3);
      return `${formatDate(DAYS_TO_1900 + days)} ${formatTime(Math.floor(ms / 1000), (ms % 1000) * 10000, 3)}`;
    }
  }
}

function readUShortLengthBytes(r: ByteReader): Buffer | null {
  const length = r.uint16LE('value length');
  return length === MAX_LENGTH_MARKER ? null : r.bytes(length);
}

/** PLP (MS-TDS 2.2.5.2.3): total length (or PLP_NULL), then chunks each with a ULONG length, ending at 0. */
function readPlp(r: ByteReader): Buffer | null {
  const total = r.bigUInt64LE('PLP length');
  if (total === PLP_NULL) return null;
  const chunks: Buffer[] = [];
  for (;;) {
    const length = r.uint32LE('PLP chunk length');
    if (length === 0) break;
    chunks.push(r.bytes(length, 'PLP chunk'));
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

function bytesToValue(id: number, bytes: Buffer): SqlValue {
  switch (id) {
    case TypeId.NVarChar:
    case TypeId.NChar:
    case TypeId.NText:
      return bytes.toString('utf16le');
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.Text:
      return decodeCp1252(bytes);
    default:
      // Copy: the view points into the request message, which the connection does not keep.
      return Buffer.from(bytes);
  }
}
