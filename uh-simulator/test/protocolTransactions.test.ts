import sql from 'mssql';
import { startTestSimulator, type TestSimulator } from './helpers/startTestSimulator';

// Transactions (transaction manager requests and BEGIN TRAN in batches) and cancellation (ATTENTION)
// of a request that waits on another connection's lock.

let t: TestSimulator;
let pool: sql.ConnectionPool;

beforeAll(async () => {
  t = await startTestSimulator();
  pool = await t.connect();
  await pool.batch(`
    CREATE TABLE dbo.tx_item (id int NOT NULL, qty int NOT NULL);
    CREATE UNIQUE INDEX tx_item_id ON dbo.tx_item (id);
  `);
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await pool.batch('DELETE FROM dbo.tx_item; INSERT INTO dbo.tx_item (id, qty) VALUES (1, 10)');
});

async function qtyOf(id: number): Promise<number | undefined> {
  const result = await pool
    .request()
    .input('id', sql.Int, id)
    .query<{ qty: number }>('SELECT qty FROM dbo.tx_item WHERE id = @id');
  return result.recordset[0]?.qty;
}

test('sql.Transaction commit makes the changes visible to other connections', async () => {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  const update = await new sql.Request(tx)
    .input('qty', sql.Int, 11)
    .query('UPDATE dbo.tx_item SET qty = @qty WHERE id = 1');
  expect(update.rowsAffected).toEqual([1]);
  await new sql.Request(tx).query('INSERT INTO dbo.tx_item (id, qty) VALUES (2, 20)');
  await tx.commit();
  expect([await qtyOf(1), await qtyOf(2)]).toEqual([11, 20]);
});

test('sql.Transaction rollback undoes the changes', async () => {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  await new sql.Request(tx).query('UPDATE dbo.tx_item SET qty = 99 WHERE id = 1');
  await new sql.Request(tx)
    .input('id', sql.Int, 3)
    .query('INSERT INTO dbo.tx_item (id, qty) VALUES (@id, 30)');
  await tx.rollback();
  expect([await qtyOf(1), await qtyOf(3)]).toEqual([10, undefined]);
});

test('BEGIN TRAN / COMMIT / ROLLBACK inside batches', async () => {
  const committed = await pool.batch('BEGIN TRAN; UPDATE dbo.tx_item SET qty = 12 WHERE id = 1; COMMIT');
  expect(committed.rowsAffected).toEqual([1]);
  await pool.batch('BEGIN TRAN; UPDATE dbo.tx_item SET qty = 13 WHERE id = 1; ROLLBACK');
  expect(await qtyOf(1)).toBe(12);
});

test('a transaction begun in a batch stays open across requests on its connection', async () => {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  // A nested BEGIN TRAN / COMMIT pair in a batch only changes @@TRANCOUNT.
  await new sql.Request(tx).batch('BEGIN TRAN; UPDATE dbo.tx_item SET qty = 14 WHERE id = 1; COMMIT');
  await tx.rollback();
  expect(await qtyOf(1)).toBe(10);
});

test('COMMIT without a transaction is error 3902', async () => {
  await expect(pool.batch('COMMIT')).rejects.toMatchObject({ number: 3902 });
});

describe("a request waiting on another connection's lock", () => {
  async function holdLock(): Promise<sql.Transaction> {
    const tx = new sql.Transaction(pool);
    await tx.begin();
    await new sql.Request(tx).query('UPDATE dbo.tx_item SET qty = 50 WHERE id = 1');
    return tx;
  }

  test('is cancelled by request.cancel() and its connection stays usable', async () => {
    const other = await t.connect({ pool: { max: 1 } });
    const tx = await holdLock();
    const waiting = other.request();
    const outcome = waiting.query('UPDATE dbo.tx_item SET qty = 60 WHERE id = 1').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    waiting.cancel();
    expect(await outcome).toMatchObject({ code: 'ECANCEL' });
    await tx.rollback();
    // Same single connection, next request: the attention was acknowledged and the stream is in step.
    const after = await other
      .request()
      .input('id', sql.Int, 1)
      .query('UPDATE dbo.tx_item SET qty = 61 WHERE id = @id');
    expect(after.rowsAffected).toEqual([1]);
    expect(await qtyOf(1)).toBe(61);
  });

  test('is cancelled by the request timeout and its connection stays usable', async () => {
    const other = await t.connect({ pool: { max: 1 }, requestTimeout: 300 });
    const tx = await holdLock();
    const started = Date.now();
    await expect(other.request().query('UPDATE dbo.tx_item SET qty = 70 WHERE id = 1')).rejects.toMatchObject(
      { code: 'ETIMEOUT' },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    await tx.commit();
    expect((await other.request().query('SELECT qty FROM dbo.tx_item WHERE id = 1')).recordset).toEqual([
      { qty: 50 },
    ]);
  });
});

/** The tedious connection behind a pool, as mssql's pool.acquire() hands it out. */
interface TediousConnection {
  reset(callback: (error?: Error) => void): void;
  once(event: 'resetConnection', listener: () => void): void;
}

/** mssql's pool.acquire()/release() (public in mssql, missing from its type declarations). */
interface AcquiringPool {
  acquire(requester: unknown): Promise<TediousConnection>;
  release(connection: TediousConnection): void;
}

test('RESETCONNECTION (tedious Connection.reset) rolls back the open transaction and is acknowledged', async () => {
  const single = await t.connect({ pool: { max: 1 } });
  await single.batch('BEGIN TRAN; UPDATE dbo.tx_item SET qty = 80 WHERE id = 1');
  expect((await single.request().query('SELECT qty FROM dbo.tx_item WHERE id = 1')).recordset).toEqual([
    { qty: 80 },
  ]);
  const acquiring = single as unknown as AcquiringPool;
  const connection = await acquiring.acquire(single);
  try {
    const acknowledged = new Promise<void>((resolve) => connection.once('resetConnection', resolve));
    await new Promise<void>((resolve, reject) =>
      connection.reset((error) => (error ? reject(error) : resolve())),
    );
    await acknowledged;
  } finally {
    acquiring.release(connection);
  }
  expect((await single.request().query('SELECT qty FROM dbo.tx_item WHERE id = 1')).recordset).toEqual([
    { qty: 10 },
  ]);
});

test('a deadlock victim (1205) inside sql.Transaction: the server rolls back and mssql aborts the transaction', async () => {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  await new sql.Request(tx).query('UPDATE dbo.tx_item SET qty = 90 WHERE id = 1');
  t.sim.engine.injectFault({ number: 1205, match: /qty = 91/ });
  await expect(
    new sql.Request(tx).query('UPDATE dbo.tx_item SET qty = 91 WHERE id = 1'),
  ).rejects.toMatchObject({
    number: 1205,
  });
  // ENVCHANGE 10 told tedious the transaction is gone; mssql refuses to commit it.
  await expect(tx.commit()).rejects.toBeDefined();
  expect(await qtyOf(1)).toBe(10);
});

// A batch with parameters reaches SQL Server as sp_executesql, whose SET options are restored when it returns
// (https://learn.microsoft.com/en-us/sql/t-sql/statements/set-statements-transact-sql); a plain batch's stay
// with the connection. Seen through NOCOUNT: an UPDATE's row count comes back unless NOCOUNT is ON.
test("SET inside a parameterised batch (sp_executesql) does not outlive it; a plain batch's SET does", async () => {
  const single = await t.connect({ pool: { max: 1, min: 0 } });
  try {
    const dynamic = await single
      .request()
      .input('id', sql.Int, 1)
      .query('SET NOCOUNT ON; UPDATE dbo.tx_item SET qty = 13 WHERE id = @id');
    expect(dynamic.rowsAffected).toEqual([]);
    const after = await single.request().query('UPDATE dbo.tx_item SET qty = 14 WHERE id = 1');
    expect(after.rowsAffected).toEqual([1]);
    await single.batch('SET NOCOUNT ON');
    const kept = await single.request().query('UPDATE dbo.tx_item SET qty = 15 WHERE id = 1');
    expect(kept.rowsAffected).toEqual([]);
  } finally {
    await single.close();
  }
});
