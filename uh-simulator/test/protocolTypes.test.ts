import sql from 'mssql';
import { startTestSimulator, type TestSimulator } from './helpers/startTestSimulator';

// Every SQL type the simulator knows, as an sp_executesql parameter (client -> server) and as a result
// column (server -> client), with NULLs, (max) values over 4,000 characters (PLP) and code page 1252.

let t: TestSimulator;
let pool: sql.ConnectionPool;

const LONG_TEXT = 'Flat 3, Tower Block – ' + 'ü€x'.repeat(2000); // 6,000+ characters: PLP both ways
const LONG_ASCII = 'a'.repeat(9000);

/** mssql accepts a length for binary; its type declarations do not say so. */
const binaryOf = (length: number): sql.ISqlType =>
  (sql.Binary as unknown as (n: number) => sql.ISqlType)(length);

interface Column {
  readonly name: string;
  readonly ddl: string;
  readonly type: sql.ISqlType | (() => sql.ISqlType);
  readonly value: unknown;
  /** What mssql hands back when it differs from the value sent. */
  readonly expected?: unknown;
}

const columns: readonly Column[] = [
  { name: 'c_tinyint', ddl: 'tinyint', type: sql.TinyInt, value: 255 },
  { name: 'c_smallint', ddl: 'smallint', type: sql.SmallInt, value: -32768 },
  { name: 'c_int', ddl: 'int', type: sql.Int, value: 2147483647 },
  { name: 'c_bigint', ddl: 'bigint', type: sql.BigInt, value: '9007199254740993' },
  { name: 'c_decimal', ddl: 'decimal(12,2)', type: sql.Decimal(12, 2), value: 1234567.89 },
  { name: 'c_numeric', ddl: 'numeric(9,3)', type: sql.Numeric(9, 3), value: -0.125 },
  { name: 'c_money', ddl: 'money', type: sql.Money, value: 1234567.8901 },
  { name: 'c_smallmoney', ddl: 'smallmoney', type: sql.SmallMoney, value: -214748.3648 },
  { name: 'c_bit', ddl: 'bit', type: sql.Bit, value: true },
  { name: 'c_float', ddl: 'float', type: sql.Float, value: 1.5e300 },
  { name: 'c_real', ddl: 'real', type: sql.Real, value: 2.5 },
  {
    name: 'c_datetime',
    ddl: 'datetime',
    type: sql.DateTime,
    value: new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 997)),
  },
  {
    name: 'c_smalldatetime',
    ddl: 'smalldatetime',
    type: sql.SmallDateTime,
    value: new Date(Date.UTC(2031, 11, 31, 7, 45)),
  },
  {
    name: 'c_datetime2',
    ddl: 'datetime2',
    type: sql.DateTime2(7),
    value: new Date(Date.UTC(2024, 5, 30, 12, 0, 0, 123)),
  },
  { name: 'c_date', ddl: 'date', type: sql.Date, value: new Date(Date.UTC(1900, 0, 1)) },
  { name: 'c_time', ddl: 'time', type: sql.Time(7), value: new Date(Date.UTC(1970, 0, 1, 13, 14, 15, 678)) },
  { name: 'c_char', ddl: 'char(6)', type: sql.Char(6), value: 'AB', expected: 'AB    ' },
  { name: 'c_varchar', ddl: 'varchar(20)', type: sql.VarChar(20), value: 'café €5' },
  { name: 'c_nchar', ddl: 'nchar(4)', type: sql.NChar(4), value: 'ü', expected: 'ü   ' },
  { name: 'c_nvarchar', ddl: 'nvarchar(30)', type: sql.NVarChar(30), value: 'Łódź – 東京' },
  { name: 'c_varchar_max', ddl: 'varchar(max)', type: sql.VarChar(sql.MAX), value: LONG_ASCII },
  { name: 'c_nvarchar_max', ddl: 'nvarchar(max)', type: sql.NVarChar(sql.MAX), value: LONG_TEXT },
  { name: 'c_text', ddl: 'text', type: sql.Text, value: 'legacy text €' },
  { name: 'c_ntext', ddl: 'ntext', type: sql.NText, value: 'legacy ntext ü' },
  { name: 'c_binary', ddl: 'binary(4)', type: binaryOf(4), value: Buffer.from([1, 2, 3, 4]) },
  { name: 'c_varbinary', ddl: 'varbinary(16)', type: sql.VarBinary(16), value: Buffer.from([0, 255, 16]) },
  {
    name: 'c_varbinary_max',
    ddl: 'varbinary(max)',
    type: sql.VarBinary(sql.MAX),
    value: Buffer.alloc(10000, 7),
  },
  {
    name: 'c_guid',
    ddl: 'uniqueidentifier',
    type: sql.UniqueIdentifier,
    value: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
  },
];

beforeAll(async () => {
  t = await startTestSimulator();
  pool = await t.connect();
  await pool.batch(
    `CREATE TABLE dbo.all_types (id int NOT NULL, ${columns.map((c) => `${c.name} ${c.ddl} NULL`).join(', ')}, tstamp rowversion NOT NULL)`,
  );
});

afterAll(async () => {
  await t.close();
});

function insertRequest(id: number, valueOf: (c: Column) => unknown): sql.Request {
  const request = pool.request().input('id', sql.Int, id);
  for (const c of columns) request.input(c.name, c.type, valueOf(c));
  return request;
}

const insertSql = `INSERT INTO dbo.all_types (id, ${columns.map((c) => c.name).join(', ')}) VALUES (@id, ${columns.map((c) => '@' + c.name).join(', ')})`;

test('every type round-trips through parameters and result columns', async () => {
  const inserted = await insertRequest(1, (c) => c.value).query(insertSql);
  expect(inserted.rowsAffected).toEqual([1]);
  const result = await pool
    .request()
    .input('id', sql.Int, 1)
    .query(`SELECT ${columns.map((c) => c.name).join(', ')}, tstamp FROM dbo.all_types WHERE id = @id`);
  const row = result.recordset[0] as Record<string, unknown>;
  for (const c of columns) {
    expect({ [c.name]: row[c.name] }).toEqual({ [c.name]: c.expected ?? c.value });
  }
  // rowversion comes back as 8 bytes (timestamp: BIGBINARY(8)).
  expect(Buffer.isBuffer(row.tstamp) && row.tstamp.length).toBe(8);
});

test('NULL in every type, both directions', async () => {
  await insertRequest(2, () => null).query(insertSql);
  const result = await pool
    .request()
    .input('id', sql.Int, 2)
    .query(`SELECT ${columns.map((c) => c.name).join(', ')} FROM dbo.all_types WHERE id = @id`);
  expect(result.recordset[0]).toEqual(Object.fromEntries(columns.map((c) => [c.name, null])));
});

test('parameters come back unchanged when selected directly', async () => {
  const request = pool.request();
  const echoed = columns.filter(
    (c) => c.ddl !== 'text' && c.ddl !== 'ntext' && !c.ddl.startsWith('char') && !c.ddl.startsWith('nchar'),
  );
  for (const c of echoed) request.input(c.name, c.type, c.value);
  const result = await request.query(`SELECT ${echoed.map((c) => `@${c.name} AS ${c.name}`).join(', ')}`);
  const row = result.recordset[0] as Record<string, unknown>;
  for (const c of echoed) expect({ [c.name]: row[c.name] }).toEqual({ [c.name]: c.value });
});

test('a statement over 4,000 characters (sp_executesql @stmt as PLP) runs', async () => {
  const padding = `/* ${'-'.repeat(5000)} */`;
  const result = await pool.request().input('x', sql.Int, 7).query(`${padding} SELECT @x AS x`);
  expect(result.recordset).toEqual([{ x: 7 }]);
});
