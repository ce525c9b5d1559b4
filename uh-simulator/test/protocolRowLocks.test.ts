import sql from 'mssql';
import { startTestSimulator, type TestSimulator } from './helpers/startTestSimulator';

// Row-level locking through the real mssql driver: transactions (TDS transaction-manager requests) that
// write different rows run side by side, a writer waits only for rows (and unique keys) another open
// transaction wrote, and rowversions are taken at write time, so a change capture must bound itself by
// MIN_ACTIVE_ROWVERSION(). No test sleeps: when a request must wait, the assertion is on what it saw
// after the other transaction ended; when it must not, it would time out instead of answering.

let t: TestSimulator;
let pool: sql.ConnectionPool;

beforeAll(async () => {
  t = await startTestSimulator();
  // A request that waited where it must not fails within requestTimeout instead of hanging the suite.
  pool = await t.connect({ pool: { max: 8 }, requestTimeout: 5000 });
  await pool.batch(`
    CREATE TABLE dbo.rl_item (id int NOT NULL, qty int NOT NULL, tstamp rowversion);
    CREATE UNIQUE INDEX rl_item_id ON dbo.rl_item (id);
  `);
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await pool.batch(`
    DELETE FROM dbo.rl_item; INSERT INTO dbo.rl_item (id, qty) VALUES (1, 10), (2, 20), (3, 30);
    DELETE FROM dbo.sysserial; INSERT INTO dbo.sysserial (ser_type, ser_value) VALUES ('rmreqst', 41);
  `);
});

async function begin(): Promise<sql.Transaction> {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  return tx;
}

async function quantities(on: sql.ConnectionPool | sql.Transaction): Promise<number[]> {
  const request = on instanceof sql.Transaction ? new sql.Request(on) : on.request();
  const result = await request.query<{ qty: number }>('SELECT qty FROM dbo.rl_item ORDER BY id');
  return result.recordset.map((r) => r.qty);
}

test('two transactions update different rows of one table at the same time, and both commit', async () => {
  const a = await begin();
  const b = await begin();
  await new sql.Request(a).query('UPDATE dbo.rl_item SET qty = 11 WHERE id = 1');
  await new sql.Request(b).query('UPDATE dbo.rl_item SET qty = 22 WHERE id = 2');
  await new sql.Request(b).query('INSERT INTO dbo.rl_item (id, qty) VALUES (4, 40)');
  expect(await quantities(a)).toEqual([11, 20, 30]);
  expect(await quantities(b)).toEqual([10, 22, 30, 40]);
  expect(await quantities(pool)).toEqual([10, 20, 30]);
  await a.commit();
  await b.commit();
  expect(await quantities(pool)).toEqual([11, 22, 30, 40]);
});

test('a transaction writing a row another one wrote waits for it, then works on the committed value', async () => {
  const a = await begin();
  await new sql.Request(a).query('UPDATE dbo.rl_item SET qty = qty + 1 WHERE id = 1');
  const b = await begin();
  // Had b not waited it would double 10; it doubles a's committed 11.
  const doubled = new sql.Request(b).query<{ qty: number }>(
    'UPDATE dbo.rl_item SET qty = qty * 2 OUTPUT inserted.qty WHERE id = 1',
  );
  await a.commit();
  expect((await doubled).recordset).toEqual([{ qty: 22 }]);
  await b.commit();
  expect(await quantities(pool)).toEqual([22, 20, 30]);
});

test('an insert of a key another open transaction inserted waits, then fails with 2601', async () => {
  const a = await begin();
  await new sql.Request(a).query('INSERT INTO dbo.rl_item (id, qty) VALUES (9, 90)');
  const duplicate = pool
    .request()
    .query('INSERT INTO dbo.rl_item (id, qty) VALUES (9, 99)')
    .catch((e: unknown) => e);
  await a.commit();
  expect(await duplicate).toMatchObject({
    number: 2601,
    message:
      "Cannot insert duplicate key row in object 'dbo.rl_item' with unique index 'rl_item_id'. The duplicate key value is (9).",
  });
  expect(await quantities(pool)).toEqual([10, 20, 30, 90]);
});

test('the sysserial pattern from two concurrent transactions hands out distinct values', async () => {
  const allocate = async (problem: string): Promise<number> => {
    const tx = await begin();
    const next = await new sql.Request(tx).input('type', sql.Char(10), 'rmreqst').query<{
      ser_value: number;
    }>('UPDATE dbo.sysserial SET ser_value = ser_value + 1 OUTPUT inserted.ser_value WHERE ser_type = @type');
    const value = next.recordset[0]!.ser_value;
    await new sql.Request(tx)
      .input('ref', sql.Char(8), String(value).padStart(8, '0'))
      .input('problem', sql.NVarChar(100), problem)
      .query('INSERT INTO dbo.rmreqst (rq_ref, rq_problem) VALUES (@ref, @problem)');
    await tx.commit();
    return value;
  };
  const values = await Promise.all([allocate('leak'), allocate('door')]);
  expect([...values].sort()).toEqual([42, 43]);
  const stored = await pool
    .request()
    .query<{ n: number; v: number }>(
      "SELECT (SELECT COUNT(*) FROM dbo.rmreqst WHERE rq_ref IN ('00000042', '00000043')) AS n, ser_value AS v FROM dbo.sysserial",
    );
  expect(stored.recordset).toEqual([{ n: 2, v: 43 }]);
});

test('a deadlock between two transactions: one gets 1205 (its transaction rolled back), the other completes', async () => {
  const a = await begin();
  const b = await begin();
  await new sql.Request(a).query('UPDATE dbo.rl_item SET qty = 11 WHERE id = 1');
  await new sql.Request(b).query('UPDATE dbo.rl_item SET qty = 22 WHERE id = 2');
  const aWaits = new sql.Request(a).query('UPDATE dbo.rl_item SET qty = 12 WHERE id = 2');
  // b closes the cycle; with equal costs the requester is the victim.
  const victim = await new sql.Request(b)
    .query('UPDATE dbo.rl_item SET qty = 23 WHERE id = 1')
    .catch((e: unknown) => e);
  expect(victim).toMatchObject({ number: 1205 });
  expect((await aWaits).rowsAffected).toEqual([1]);
  // The server rolled b back (ENVCHANGE 10): mssql refuses to commit it.
  await expect(b.commit()).rejects.toBeDefined();
  await a.commit();
  expect(await quantities(pool)).toEqual([11, 12, 30]);
});

describe('update locks (WITH (UPDLOCK))', () => {
  // "Update locks are to be taken and held until the transaction completes"
  // (https://learn.microsoft.com/sql/t-sql/queries/hints-transact-sql-table); U conflicts with U and X, not
  // with S (https://learn.microsoft.com/sql/relational-databases/sql-server-transaction-locking-and-row-versioning-guide).
  const readQty = 'SELECT qty FROM dbo.rl_item WITH (UPDLOCK, ROWLOCK) WHERE id = @id';
  const read = async (tx: sql.Transaction, id: number): Promise<number> =>
    (await new sql.Request(tx).input('id', sql.Int, id).query<{ qty: number }>(readQty)).recordset[0]!.qty;
  const add = async (tx: sql.Transaction, qty: number): Promise<void> => {
    await new sql.Request(tx)
      .input('qty', sql.Int, qty + 5)
      .query('UPDATE dbo.rl_item SET qty = @qty WHERE id = 1');
  };

  test('read-then-write from two transactions: the second UPDLOCK read waits, so no update is lost; plain reads do not wait', async () => {
    const a = await begin();
    const b = await begin();
    const seenByA = await read(a, 1);
    const seenByB = read(b, 1);
    // A plain read is not blocked (it would time out instead of answering).
    expect(await quantities(pool)).toEqual([10, 20, 30]);
    await add(a, seenByA);
    await a.commit();
    // b read only after a committed: it adds to a's 15, not to the 10 both would otherwise have read.
    expect(await seenByB).toBe(15);
    await add(b, await seenByB);
    await b.commit();
    expect(await quantities(pool)).toEqual([20, 20, 30]);
  });

  test('a deadlock through U locks: one gets 1205, the other completes', async () => {
    const a = await begin();
    const b = await begin();
    await read(a, 1);
    await read(b, 2);
    const aWaits = read(a, 2);
    const victim = await read(b, 1).catch((e: unknown) => e);
    expect(victim).toMatchObject({ number: 1205 });
    expect(await aWaits).toBe(20);
    await expect(b.commit()).rejects.toBeDefined();
    await a.commit();
  });
});

describe('the capture test', () => {
  /** A change-capture poller: rows above its checkpoint in rowversion order, the checkpoint is the last seen. */
  function poller(bounded: boolean) {
    let checkpoint: Buffer = Buffer.alloc(8);
    const seen: number[] = [];
    return {
      seen,
      async poll(): Promise<void> {
        const result = await pool
          .request()
          .input('checkpoint', sql.VarBinary(8), checkpoint)
          .query<{ id: number; tstamp: Buffer }>(
            `SELECT id, tstamp FROM dbo.rl_item WHERE tstamp > @checkpoint${bounded ? ' AND tstamp < MIN_ACTIVE_ROWVERSION()' : ''} ORDER BY tstamp`,
          );
        for (const row of result.recordset) {
          seen.push(row.id);
          checkpoint = row.tstamp;
        }
      },
    };
  }

  test('a transaction held open across polls while later ones commit: the bounded poller sees every row once, a naive one loses the held row', async () => {
    const bounded = poller(true);
    const naive = poller(false);
    const pollBoth = async (): Promise<void> => {
      await bounded.poll();
      await naive.poll();
    };
    await pollBoth();
    expect(bounded.seen).toEqual([1, 2, 3]);
    const held = await begin();
    await new sql.Request(held).query('INSERT INTO dbo.rl_item (id, qty) VALUES (100, 1)');
    for (const id of [101, 102, 103]) {
      const tx = await begin();
      await new sql.Request(tx)
        .input('id', sql.Int, id)
        .query('INSERT INTO dbo.rl_item (id, qty) VALUES (@id, 1)');
      await tx.commit();
      await pollBoth();
    }
    await new sql.Request(held).query('UPDATE dbo.rl_item SET qty = 2 WHERE id = 100');
    await pool.request().query('UPDATE dbo.rl_item SET qty = 31 WHERE id = 3');
    await pollBoth();
    expect(bounded.seen).toEqual([1, 2, 3]);
    await held.commit();
    await pollBoth();
    await pollBoth();
    expect(bounded.seen).toEqual([1, 2, 3, 101, 102, 103, 100, 3]);
    expect(naive.seen).toEqual([1, 2, 3, 101, 102, 103, 3]);
  });
});
