import { SqlServerError, type SqlType } from '../engine/types';
import type { ByteReader } from './ByteReader';
import { MAX_LENGTH_MARKER, TypeId } from './protocolConstants';

/** A parameter's TYPE_INFO (MS-TDS 2.2.5.6) as read, plus the SqlType it means to the engine. */
export interface WireType {
  readonly id: number;
  /** Declared maximum length in bytes, or the fixed data length of an N-type; 0xFFFF = (max). */
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly sqlType: SqlType;
}

/** Construct-not-supported error, the engine contract's number 50000 naming what is missing. */
export function unsupported(construct: string): SqlServerError {
  return new SqlServerError(50000, `The UH simulator does not support ${construct}.`);
}

function intType(length: number): SqlType {
  switch (length) {
    case 1:
      return { name: 'tinyint' };
    case 2:
      return { name: 'smallint' };
    case 4:
      return { name: 'int' };
    case 8:
      return { name: 'bigint' };
    default:
      throw unsupported(`an integer parameter of ${length} bytes`);
  }
}

function fixed(id: number, length: number, sqlType: SqlType): WireType {
  return { id, length, precision: 0, scale: 0, sqlType };
}

export function decodeTypeInfo(r: ByteReader): WireType {
  const id = r.uint8('TYPE_INFO');
  switch (id) {
    case TypeId.Int1:
      return fixed(id, 1, { name: 'tinyint' });
    case TypeId.Int2:
      return fixed(id, 2, { name: 'smallint' });
    case TypeId.Int4:
      return fixed(id, 4, { name: 'int' });
    case TypeId.Int8:
      return fixed(id, 8, { name: 'bigint' });
    case TypeId.Bit:
      return fixed(id, 1, { name: 'bit' });
    case TypeId.Flt4:
      return fixed(id, 4, { name: 'real' });
    case TypeId.Flt8:
      return fixed(id, 8, { name: 'float' });
    case TypeId.Money4:
      return fixed(id, 4, { name: 'smallmoney', precision: 10, scale: 4 });
    case TypeId.Money:
      return fixed(id, 8, { name: 'money', precision: 19, scale: 4 });
    case TypeId.DateTim4:
      return fixed(id, 4, { name: 'smalldatetime' });
    case TypeId.DateTime:
      return fixed(id, 8, { name: 'datetime' });
    case TypeId.IntN: {
      const length = r.uint8();
      return fixed(id, length, intType(length));
    }
    case TypeId.BitN:
      return fixed(id, r.uint8(), { name: 'bit' });
    case TypeId.FltN: {
      const length = r.uint8();
      return fixed(id, length, { name: length === 4 ? 'real' : 'float' });
    }
    case TypeId.MoneyN: {
      const length = r.uint8();
      return fixed(
        id,
        length,
        length === 4
          ? { name: 'smallmoney', precision: 10, scale: 4 }
          : { name: 'money', precision: 19, scale: 4 },
      );
    }
    case TypeId.DateTimN: {
      const length = r.uint8();
      return fixed(id, length, { name: length === 4 ? 'smalldatetime' : 'datetime' });
    }
    case TypeId.Guid:
      return fixed(id, r.uint8(), { name: 'uniqueidentifier' });
    case TypeId.DecimalN:
    case TypeId.NumericN: {
      const length = r.uint8();
      const precision = r.uint8();
      const scale = r.uint8();
      const name = id === TypeId.DecimalN ? 'decimal' : 'numeric';
      return { id, length, precision, scale, sqlType: { name, precision, scale } };
    }
    case TypeId.DateN:
      return fixed(id, 3, { name: 'date' });
    case TypeId.TimeN:
    case TypeId.DateTime2N: {
      const scale = r.uint8();
      if (scale > 7) throw unsupported(`a time scale of ${scale}`);
      const name = id === TypeId.TimeN ? 'time' : 'datetime2';
      return { id, length: 0, precision: 0, scale, sqlType: { name, scale } };
    }
    case TypeId.BigVarChar:
    case TypeId.BigChar:
    case TypeId.NVarChar:
    case TypeId.NChar: {
      const length = r.uint16LE();
      r.skip(5, 'collation');
      const unicode = id === TypeId.NVarChar || id === TypeId.NChar;
      const chars = length === MAX_LENGTH_MARKER ? -1 : unicode ? length / 2 : length;
      const name =
        id === TypeId.BigVarChar
          ? 'varchar'
          : id === TypeId.BigChar
            ? 'char'
            : id === TypeId.NVarChar
              ? 'nvarchar'
              : 'nchar';
      return { id, length, precision: 0, scale: 0, sqlType: { name, length: chars } };
    }
    case TypeId.BigVarBinary:
    case TypeId.BigBinary: {
      const length = r.uint16LE();
      const name = id === TypeId.BigVarBinary ? 'varbinary' : 'binary';
      return {
        id,
        length,
        precision: 0,
        scale: 0,
        sqlType: { name, length: length === MAX_LENGTH_MARKER ? -1 : length },
      };
    }
    case TypeId.Text:
    case TypeId.NText: {
      const length = r.uint32LE();
      r.skip(5, 'collation');
      return { id, length, precision: 0, scale: 0, sqlType: { name: id === TypeId.Text ? 'text' : 'ntext' } };
    }
    case TypeId.Image: {
      const length = r.uint32LE();
      return { id, length, precision: 0, scale: 0, sqlType: { name: 'varbinary', length: -1 } };
    }
    case TypeId.DateTimeOffsetN:
      throw unsupported('datetimeoffset parameters');
    case TypeId.Xml:
      throw unsupported('xml parameters');
    default:
      throw unsupported(`parameters of TDS type 0x${id.toString(16)}`);
  }
}
