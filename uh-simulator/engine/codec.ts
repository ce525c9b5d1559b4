import { toDateStorage, type DateKind } from './dates';
import { bigToBuffer, decimalToScaled, scaledToDecimal, type Stored } from './convertValue';
import { ERR, sqlError } from './sqlErrors';
import { category, scaleOf } from './sqlTypes';
import type { SqlType, SqlValue } from './types';

/** Canonical SqlValue (types.ts) -> the form SQLite stores for that type. Used for params and bulkInsert. */
export function toStored(v: SqlValue, t: SqlType): Stored {
  if (v === null || v === undefined) return null;
  switch (category(t)) {
    case 'str': {
      return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
    }
    case 'int':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string') return BigInt(v.trim());
      return v;
    case 'bit':
      if (typeof v === 'boolean') return v ? 1 : 0;
      return Number(v) !== 0 ? 1 : 0;
    case 'dec': {
      const scaled = decimalToScaled(
        typeof v === 'number' ? v.toFixed(Math.min(20, scaleOf(t) + 2)) : String(v),
        scaleOf(t),
      );
      if (scaled === null)
        throw sqlError(ERR.NUMERIC_CONVERT, `Error converting data type nvarchar to numeric.`);
      return scaled;
    }
    case 'float':
      return Number(v);
    case 'dt': {
      const out = toDateStorage(String(v), t.name as DateKind);
      if (out === null)
        throw sqlError(
          ERR.DATETIME_CONVERT,
          'Conversion failed when converting date and/or time from character string.',
        );
      return out;
    }
    case 'rv':
      if (Buffer.isBuffer(v)) {
        let x = 0n;
        for (const b of v) x = (x << 8n) | BigInt(b);
        return x;
      }
      return BigInt(v);
    case 'bin':
      return Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'latin1');
    case 'guid':
      return String(v).toUpperCase();
  }
}

export type Decoder = (v: Stored) => SqlValue;

const asString: Decoder = (v) =>
  v === null ? null : typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
const asNumber: Decoder = (v) => (v === null ? null : Number(v));
const asBigint: Decoder = (v) =>
  v === null ? null : typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
const asBit: Decoder = (v) => (v === null ? null : Number(v) !== 0);
const asRowversion: Decoder = (v) => (v === null ? null : Buffer.isBuffer(v) ? v : bigToBuffer(v as bigint));
const asBuffer: Decoder = (v) =>
  v === null ? null : Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'latin1');

/** The decoder that turns a stored value of type `t` into its canonical SqlValue. */
export function decoderFor(t: SqlType): Decoder {
  switch (category(t)) {
    case 'str':
      if ((t.name === 'char' || t.name === 'nchar') && t.length !== undefined && t.length > 0) {
        const n = t.length;
        return (v) => (v === null ? null : (typeof v === 'string' ? v : String(v)).padEnd(n, ' '));
      }
      return asString;
    case 'dt':
    case 'guid':
      return asString;
    case 'int':
      return t.name === 'bigint' ? asBigint : asNumber;
    case 'bit':
      return asBit;
    case 'float':
      return asNumber;
    case 'dec': {
      const s = scaleOf(t);
      return (v) =>
        v === null ? null : scaledToDecimal(typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))), s);
    }
    case 'rv':
      return asRowversion;
    case 'bin':
      return asBuffer;
  }
}
