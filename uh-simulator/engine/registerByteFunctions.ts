import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { decodeCp1252, encodeCp1252 } from '../tds/cp1252';
import { HASHBYTES_ALGORITHMS, type HashInputKind } from './compileHashbytes';
import type { Conversions } from './Conversions';
import type { Stored } from './convertValue';

/**
 * The SQL functions behind HASHBYTES (compileHashbytes.ts) and CHAR (compileChar.ts). Text reaches SQLite
 * as JavaScript strings; the bytes SQL Server would hold are rebuilt here: code page 1252 for varchar
 * (the server collation's, as the TDS layer sends it), UTF-16LE for nvarchar.
 */
export function registerByteFunctions(db: Database.Database, conversions: Conversions): void {
  const fns = conversions.fns;
  // CONVERT(bigint, binary of at most 6 bytes) (fastConversion.ts): big-endian, never out of range; longer
  // values take the general conversion (`fallback`), which raises SQL Server's errors.
  db.function(
    'uh_bin_bigint',
    { deterministic: true, safeIntegers: true },
    (value: unknown, fallback: unknown) => {
      if (value === null) return null;
      // A BigInt: better-sqlite3 hands a JS number back to SQLite as REAL, and sums must stay exact.
      if (Buffer.isBuffer(value) && value.length <= 6)
        return BigInt(value.length === 0 ? 0 : value.readUIntBE(0, value.length));
      return fns[Number(fallback)]!(value as Stored);
    },
  );
  db.function(
    'uh_hashbytes',
    { deterministic: true },
    (algorithm: unknown, value: unknown, kind: unknown) => {
      if (value === null) return null;
      // crypto.hash (one call, no Hash object) is about three times faster than createHash for short rows.
      return hash(
        HASHBYTES_ALGORITHMS[String(algorithm)] ?? 'md5',
        inputBytes(value, kind as HashInputKind),
        'buffer',
      );
    },
  );
  db.function('uh_char', { deterministic: true, safeIntegers: true }, (code: unknown) => {
    if (code === null) return null;
    const n = Number(code);
    return n >= 0 && n <= 255 ? decodeCp1252(Buffer.from([n])) : null;
  });
}

function inputBytes(value: unknown, kind: HashInputKind): Buffer {
  if (Buffer.isBuffer(value))
    return kind === 'varbinary' ? value : inputBytes(value.toString('latin1'), kind);
  const text = typeof value === 'string' ? value : String(value);
  switch (kind) {
    case 'varchar':
      return encodeCp1252(text);
    case 'nvarchar':
      return Buffer.from(text, 'utf16le');
    case 'varbinary':
      return Buffer.from(text, 'latin1');
  }
}
