import { connect } from 'node:net';
import sql from 'mssql';
import { parseMssqlUrl } from '../../core/parseMssqlUrl';
import { startTestSimulator, type TestSimulator } from './helpers/startTestSimulator';

// Login, SQL batches, sp_executesql, result framing and error numbers, always through the real mssql
// driver over TCP against the real engine.

let t: TestSimulator;
let pool: sql.ConnectionPool;

beforeAll(async () => {
  t = await startTestSimulator();
  pool = await t.connect();
  await pool.batch(`
    CREATE TABLE dbo.proto_item (id int NOT NULL, code char(4) NOT NULL, name varchar(40) NULL);
    CREATE UNIQUE INDEX proto_item_id ON dbo.proto_item (id);
  `);
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await pool.batch('DELETE FROM dbo.proto_item');
});

test('logs in and answers a query', async () => {
  const result = await pool.request().query<{ one: number }>('SELECT 1 AS one');
  expect(result.recordset).toEqual([{ one: 1 }]);
});

test("the handle's url is an MSSQL_URL the project's parser turns into a working mssql config", async () => {
  const viaUrl = new sql.ConnectionPool({ ...parseMssqlUrl('MSSQL_URL', t.sim.url), pool: { max: 1 } });
  await viaUrl.connect();
  try {
    expect((await viaUrl.request().query('SELECT 2 AS two')).recordset).toEqual([{ two: 2 }]);
  } finally {
    await viaUrl.close();
  }
});

test('a batch without parameters (SQL batch request) runs every statement', async () => {
  const result = await pool.batch(`
    INSERT INTO dbo.proto_item (id, code, name) VALUES (1, 'A', 'one');
    INSERT INTO dbo.proto_item (id, code, name) VALUES (2, 'B', NULL);
    SELECT id, code, name FROM dbo.proto_item ORDER BY id;
  `);
  expect(result.rowsAffected).toEqual([1, 1, 2]);
  // char(4) comes back padded, as SQL Server pads it.
  expect(result.recordset).toEqual([
    { id: 1, code: 'A   ', name: 'one' },
    { id: 2, code: 'B   ', name: null },
  ]);
});

test('sp_executesql with parameters returns rowsAffected for INSERT, UPDATE and DELETE', async () => {
  const insert = await pool
    .request()
    .input('id', sql.Int, 10)
    .input('code', sql.Char(4), 'X')
    .input('name', sql.VarChar(40), 'ten')
    .query('INSERT INTO dbo.proto_item (id, code, name) VALUES (@id, @code, @name)');
  expect(insert.rowsAffected).toEqual([1]);
  await pool
    .request()
    .input('id', sql.Int, 11)
    .query("INSERT INTO dbo.proto_item (id, code, name) VALUES (@id, 'Y', 'eleven')");
  const update = await pool
    .request()
    .input('name', sql.VarChar(40), 'renamed')
    .query('UPDATE dbo.proto_item SET name = @name WHERE id >= 10');
  expect(update.rowsAffected).toEqual([2]);
  const select = await pool
    .request()
    .input('id', sql.Int, 10)
    .query('SELECT name FROM dbo.proto_item WHERE id = @id');
  expect(select.recordset).toEqual([{ name: 'renamed' }]);
  const remove = await pool
    .request()
    .input('id', sql.Int, 11)
    .query('DELETE FROM dbo.proto_item WHERE id = @id');
  expect(remove.rowsAffected).toEqual([1]);
  const none = await pool
    .request()
    .input('id', sql.Int, 99)
    .query('UPDATE dbo.proto_item SET name = NULL WHERE id = @id');
  expect(none.rowsAffected).toEqual([0]);
});

test('several result sets in one request, in order, empty ones included', async () => {
  await pool.batch("INSERT INTO dbo.proto_item (id, code, name) VALUES (1, 'A', 'one'), (2, 'B', 'two')");
  const result = await pool.request().input('id', sql.Int, 2).query(`
    SELECT id FROM dbo.proto_item WHERE id = @id;
    SELECT name FROM dbo.proto_item WHERE id = 99;
    SELECT COUNT(*) AS n FROM dbo.proto_item;
  `);
  const recordsets = result.recordsets as unknown as Record<string, unknown>[][];
  expect(recordsets.map((rs) => [...rs])).toEqual([[{ id: 2 }], [], [{ n: 2 }]]);
  expect(result.rowsAffected).toEqual([1, 0, 1]);
});

test.each([
  ['batch', undefined],
  ['sp_executesql', 1],
] as const)('SQL Server error numbers surface as RequestError.number (%s)', async (_label, param) => {
  const run = (text: string) =>
    param === undefined ? pool.batch(text) : pool.request().input('p', sql.Int, param).query(text);
  await run("INSERT INTO dbo.proto_item (id, code, name) VALUES (1, 'A', 'one')");
  await expect(
    run("INSERT INTO dbo.proto_item (id, code, name) VALUES (1, 'A', 'dup')"),
  ).rejects.toMatchObject({ name: 'RequestError', number: 2601 });
  await expect(run('SELECT * FROM dbo.no_such_table')).rejects.toMatchObject({
    name: 'RequestError',
    number: 208,
  });
  await expect(run('SELECT no_such_column FROM dbo.proto_item')).rejects.toMatchObject({ number: 207 });
  // Severity class, state and message travel in the ERROR token as the engine reported them.
  await expect(run('SELEC 1')).rejects.toMatchObject({
    number: 102,
    class: 15,
    state: 1,
    message: "Incorrect syntax near 'SELEC'.",
    serverName: 'uh-simulator',
  });
  // The connection is still in step after errors.
  expect((await run('SELECT COUNT(*) AS n FROM dbo.proto_item')).recordset).toEqual([{ n: 1 }]);
});

test('statements before a failing one keep their effect and their counts', async () => {
  const error = await pool
    .batch(
      "INSERT INTO dbo.proto_item (id, code, name) VALUES (5, 'A', 'x'); INSERT INTO dbo.proto_item (id, code, name) VALUES (5, 'A', 'y')",
    )
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ number: 2601 });
  expect((await pool.batch('SELECT name FROM dbo.proto_item')).recordset).toEqual([{ name: 'x' }]);
});

test('a stored procedure other than sp_executesql is error 2812', async () => {
  await expect(pool.request().input('a', sql.Int, 1).execute('usp_missing')).rejects.toMatchObject({
    name: 'RequestError',
    number: 2812,
    message: "Could not find stored procedure 'usp_missing'.",
  });
});

test('50 parallel queries over a pool of 4 all get their own answer', async () => {
  await pool.batch("INSERT INTO dbo.proto_item (id, code, name) VALUES (1, 'A', 'one')");
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      pool
        .request()
        .input('i', sql.Int, i)
        .query<{ i: number; n: number }>('SELECT @i AS i, COUNT(*) AS n FROM dbo.proto_item'),
    ),
  );
  expect(results.map((r) => r.recordset[0])).toEqual(Array.from({ length: 50 }, (_, i) => ({ i, n: 1 })));
});

test.each([512, 4096, 32767])(
  'messages span many packets both ways at packet size %i',
  async (packetSize) => {
    const small = await t.connect({ options: { packetSize }, pool: { max: 1 } });
    const payload = 'þ'.repeat(20000);
    const result = await small
      .request()
      .input('p', sql.NVarChar(sql.MAX), payload)
      .query<{ p: string; n: number }>('SELECT @p AS p, LEN(@p) AS n');
    expect(result.recordset[0]?.n).toBe(20000);
    expect(result.recordset[0]?.p).toBe(payload);
  },
);

test('a client that does not speak TDS is disconnected; other connections carry on', async () => {
  const socket = connect(t.sim.port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  // A complete packet, but a SQL batch where PRELOGIN must come first.
  socket.write(Buffer.from([0x01, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x41, 0x00]));
  await closed;
  expect((await pool.request().query('SELECT 1 AS one')).recordset).toEqual([{ one: 1 }]);
});

test('40 connections at once, one session each', async () => {
  const wide = await t.connect({ pool: { max: 40, min: 40 } });
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      wide.request().input('i', sql.Int, i).query<{ i: number }>('SELECT @i AS i'),
    ),
  );
  expect(results.map((r) => r.recordset[0]?.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
});
