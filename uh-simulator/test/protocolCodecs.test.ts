import { readMetadata } from 'tedious/lib/metadata-parser';
import { readValue } from 'tedious/lib/value-parser';
import type { SqlType, SqlValue } from '../engine/types';
import { buildColumnEncoder } from '../tds/buildColumnEncoder';
import { ByteReader } from '../tds/ByteReader';
import { ByteWriter } from '../tds/ByteWriter';
import { decodeParamValue } from '../tds/decodeParamValue';
import { decodeTypeInfo } from '../tds/decodeTypeInfo';
import { MessageAssembler } from '../tds/MessageAssembler';
import { TypeId } from '../tds/protocolConstants';
import { writePackets } from '../tds/writePackets';

// Encoders and decoders checked against tedious's own parsers (the client the project uses), for the
// cases the end-to-end tests cannot reach: rounding edges, chunked PLP, arbitrary packet boundaries.

const TEDIOUS_OPTIONS = { tdsVersion: '7_4', useUTC: true, lowerCaseGuids: false } as never;

/** Encode one value as a result column and read it back with tedious's metadata and value parsers. */
function throughTedious(type: SqlType, value: SqlValue): unknown {
  const encoder = buildColumnEncoder({ name: 'c', type, nullable: true });
  const out = new ByteWriter(64);
  encoder.writeMetadata(out);
  const metaEnd = out.length;
  encoder.writeValue(out, value);
  const bytes = Buffer.from(out.view());
  const meta = readMetadata(bytes, 0, TEDIOUS_OPTIONS);
  // Column name (B_VARCHAR 'c') follows the TYPE_INFO in COLMETADATA.
  return readValue(bytes, metaEnd, meta.value, TEDIOUS_OPTIONS).value;
}

test.each<[SqlType, SqlValue, unknown]>([
  [{ name: 'datetime' }, '2024-12-31 23:59:59.999', new Date('2025-01-01T00:00:00.000Z')],
  [{ name: 'datetime' }, '1900-01-01 00:00:00.000', new Date('1900-01-01T00:00:00.000Z')],
  [{ name: 'datetime' }, '1753-01-01 00:00:00.003', new Date('1753-01-01T00:00:00.003Z')],
  [{ name: 'smalldatetime' }, '2079-06-06 23:59:00', new Date('2079-06-06T23:59:00.000Z')],
  [{ name: 'datetime2', scale: 3 }, '9999-12-31 23:59:59.999', new Date('9999-12-31T23:59:59.999Z')],
  [{ name: 'date' }, '0001-01-01', new Date('0001-01-01T00:00:00.000Z')],
  [{ name: 'decimal', precision: 38, scale: 4 }, '-1234567890123.5678', -1234567890123.5678],
  [{ name: 'numeric', precision: 5, scale: 2 }, '-0.10', -0.1],
  [{ name: 'money' }, '-922337203685477.5808', -922337203685477.6],
  [{ name: 'smallmoney' }, '214748.3647', 214748.3647],
  [{ name: 'bigint' }, -9223372036854775808n, '-9223372036854775808'],
  [{ name: 'varchar', length: 10 }, '€‚ƒ„…', '€‚ƒ„…'],
  [{ name: 'char', length: 3 }, 'ab ', 'ab '],
  [
    { name: 'uniqueidentifier' },
    '01234567-89AB-CDEF-0123-456789ABCDEF',
    '01234567-89AB-CDEF-0123-456789ABCDEF',
  ],
  [{ name: 'rowversion' }, Buffer.from('00000000000007d1', 'hex'), Buffer.from('00000000000007d1', 'hex')],
  [{ name: 'nvarchar', length: -1 }, '', ''],
  [{ name: 'int' }, null, null],
  [{ name: 'nvarchar', length: -1 }, null, null],
])('%j %j reads back in tedious as %j', (type, value, expected) => {
  expect(throughTedious(type, value)).toEqual(expected);
});

test('time is rounded to its scale (0..7)', () => {
  for (let scale = 0; scale <= 7; scale++) {
    const read = throughTedious({ name: 'time', scale }, '23:59:59.1234567') as Date & {
      nanosecondDelta?: number;
    };
    expect(read.toISOString()).toBe(
      scale >= 3
        ? '1970-01-01T23:59:59.123Z'
        : `1970-01-01T23:59:59.${'1230'.slice(0, scale).padEnd(3, '0')}Z`,
    );
  }
});

test('a PLP parameter sent in several chunks is joined', () => {
  const text = 'chunked ' + 'é'.repeat(3000);
  const bytes = Buffer.from(text, 'utf16le');
  const w = new ByteWriter();
  w.uint8(TypeId.NVarChar);
  w.uint16LE(0xffff);
  w.bytes(Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]));
  w.bigUInt64LE(0xfffffffffffffffen); // unknown total length, as tedious sends it
  for (const [start, end] of [
    [0, 100],
    [100, 4001],
    [4001, bytes.length],
  ] as const) {
    w.uint32LE(end - start);
    w.bytes(bytes.subarray(start, end));
  }
  w.uint32LE(0);
  const r = new ByteReader(Buffer.from(w.view()));
  const wire = decodeTypeInfo(r);
  expect(wire.sqlType).toEqual({ name: 'nvarchar', length: -1 });
  expect(decodeParamValue(r, wire)).toBe(text);
  expect(r.remaining).toBe(0);
});

test('messages are reassembled whatever the packet and chunk boundaries', () => {
  const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
  const wire = Buffer.concat([
    writePackets(0x01, payload, 512),
    writePackets(0x06, Buffer.alloc(0), 512),
    writePackets(0x03, Buffer.from([7]), 512),
  ]);
  const assembler = new MessageAssembler();
  const messages = [];
  for (let i = 0; i < wire.length; i += 7) messages.push(...assembler.push(wire.subarray(i, i + 7)));
  expect(messages.map((m) => [m.type, m.payload.length])).toEqual([
    [0x01, 3000],
    [0x06, 0],
    [0x03, 1],
  ]);
  expect(messages[0]?.payload.equals(payload)).toBe(true);
});
