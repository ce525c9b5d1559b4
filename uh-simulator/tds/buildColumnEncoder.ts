import type { ColumnInfo, SqlValue } from '../engine/types';
import type { ByteWriter } from './ByteWriter';
import type { ColumnEncoder, MetadataWriterFactory } from './ColumnEncoder';
import { decimalMagnitudeLength, toScaledBigInt } from './exactNumeric';
import { guidToBytes } from './guid';
import { buildCharacterEncoder } from './buildCharacterEncoder';
import { TypeId } from './protocolConstants';
import { DAYS_TO_1900, parseDateTime, timeByteLength, timeUnits } from './temporal';

const FLAG_NULLABLE = 0x0001;
const FLAG_UPDATEABLE = 0x0008;
/** SQL Server's user type for timestamp/rowversion columns. */
const USER_TYPE_TIMESTAMP = 0x50;
const SECONDS_PER_DAY = 86400;
const DATETIME_TICKS_PER_DAY = SECONDS_PER_DAY * 300;

/**
 * Build the encoder for a column once per result set, so the per-row work is a switch-free call.
 * Values are the engine's canonical forms (engine/types.ts SqlValue); NULL is written as each type's
 * null marker. The wire types are the nullable ones SQL Server itself uses in results.
 */
export function buildColumnEncoder(column: ColumnInfo): ColumnEncoder {
  const t = column.type;
  const userType = t.name === 'rowversion' ? USER_TYPE_TIMESTAMP : 0;
  const flags = (column.nullable ? FLAG_NULLABLE : 0) | (t.name === 'rowversion' ? 0 : FLAG_UPDATEABLE);
  const head = (out: ByteWriter, id: number): void => {
    out.uint32LE(userType);
    out.uint16LE(flags);
    out.uint8(id);
  };
  const meta: MetadataWriterFactory =
    (id, info, tableName = false) =>
    (out) => {
      head(out, id);
      info?.(out);
      if (tableName) out.uint8(0); // TEXT/NTEXT: NumParts of the table name; the engine does not report one
      out.bVarChar(column.name);
    };
  const byteLength = (n: number) => (out: ByteWriter) => out.uint8(n);
  switch (t.name) {
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const size = t.name === 'tinyint' ? 1 : t.name === 'smallint' ? 2 : 4;
      return nullable(meta(TypeId.IntN, byteLength(size)), size, (out, v) => {
        const n = Number(v);
        if (size === 1) out.uint8(n);
        else if (size === 2) out.int16LE(n);
        else out.int32LE(n);
      });
    }
    case 'bigint':
      return nullable(meta(TypeId.IntN, byteLength(8)), 8, (out, v) =>
        out.bigInt64LE(BigInt(v as bigint | number | string)),
      );
    case 'bit':
      return nullable(meta(TypeId.BitN, byteLength(1)), 1, (out, v) =>
        out.uint8(v === true || v === 1 || v === '1' ? 1 : 0),
      );
    case 'float':
      return nullable(meta(TypeId.FltN, byteLength(8)), 8, (out, v) => out.doubleLE(Number(v)));
    case 'real':
      return nullable(meta(TypeId.FltN, byteLength(4)), 4, (out, v) => out.floatLE(Number(v)));
    case 'decimal':
    case 'numeric': {
      const precision = t.precision ?? 18;
      const scale = t.scale ?? 0;
      const magnitude = decimalMagnitudeLength(precision);
      const id = t.name === 'decimal' ? TypeId.DecimalN : TypeId.NumericN;
      const info = (out: ByteWriter): void => {
        out.uint8(magnitude + 1);
        out.uint8(precision);
        out.uint8(scale);
      };
      return nullable(meta(id, info), magnitude + 1, (out, v) => {
        const scaled = toScaledBigInt(v as string, scale);
        out.uint8(scaled < 0n ? 0 : 1);
        let rest = scaled < 0n ? -scaled : scaled;
        for (let i = 0; i < magnitude; i++) {
          out.uint8(Number(rest & 0xffn));
          rest >>= 8n;
        }
      });
    }
    case 'money':
      return nullable(meta(TypeId.MoneyN, byteLength(8)), 8, (out, v) => {
        const scaled = toScaledBigInt(v as string, 4);
        out.int32LE(Number(BigInt.asIntN(32, scaled >> 32n)));
        out.uint32LE(Number(BigInt.asUintN(32, scaled)));
      });
    case 'smallmoney':
      return nullable(meta(TypeId.MoneyN, byteLength(4)), 4, (out, v) =>
        out.int32LE(Number(toScaledBigInt(v as string, 4))),
      );
    case 'datetime':
      return nullable(meta(TypeId.DateTimN, byteLength(8)), 8, (out, v) => {
        const p = parseDateTime(String(v));
        let days = p.days - DAYS_TO_1900;
        let ticks = p.seconds * 300 + Math.round((p.fraction7 * 300) / 1e7);
        if (ticks >= DATETIME_TICKS_PER_DAY) {
          days += 1;
          ticks -= DATETIME_TICKS_PER_DAY;
        }
        out.int32LE(days);
        out.uint32LE(ticks);
      });
    case 'smalldatetime':
      return nullable(meta(TypeId.DateTimN, byteLength(4)), 4, (out, v) => {
        const p = parseDateTime(String(v));
        let days = p.days - DAYS_TO_1900;
        let minutes = Math.round((p.seconds + p.fraction7 / 1e7) / 60);
        if (minutes >= 1440) {
          days += 1;
          minutes -= 1440;
        }
        out.uint16LE(days);
        out.uint16LE(minutes);
      });
    case 'date':
      return nullable(meta(TypeId.DateN), 3, (out, v) => out.uintLE(parseDateTime(String(v)).days, 3));
    case 'time':
    case 'datetime2': {
      const scale = t.scale ?? 7;
      const timeBytes = timeByteLength(scale);
      const unitsPerDay = SECONDS_PER_DAY * 10 ** scale;
      const withDate = t.name === 'datetime2';
      return nullable(
        meta(withDate ? TypeId.DateTime2N : TypeId.TimeN, byteLength(scale)),
        timeBytes + (withDate ? 3 : 0),
        (out, v) => {
          const p = parseDateTime(String(v));
          let units = timeUnits(p, scale);
          let days = p.days;
          if (units >= unitsPerDay) {
            units -= unitsPerDay;
            days += 1;
          }
          out.uintLE(units, timeBytes);
          if (withDate) out.uintLE(days, 3);
        },
      );
    }
    case 'uniqueidentifier':
      return nullable(meta(TypeId.Guid, byteLength(16)), 16, (out, v) => out.bytes(guidToBytes(String(v))));
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
    case 'binary':
    case 'varbinary':
    case 'rowversion':
    case 'text':
    case 'ntext':
      return buildCharacterEncoder(t, meta);
  }
}

/** Fixed-size value behind a one-byte length: 0 means NULL (MS-TDS 2.2.4.2.1.2 BYTELEN types). */
function nullable(
  writeMetadata: (out: ByteWriter) => void,
  size: number,
  write: (out: ByteWriter, v: SqlValue) => void,
): ColumnEncoder {
  return {
    writeMetadata,
    writeValue(out, v) {
      if (v === null) return out.uint8(0);
      out.uint8(size);
      write(out, v);
    },
  };
}
