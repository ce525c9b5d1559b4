import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { startTestSimulator, type TestSimulator } from './helpers/startTestSimulator';

// A VPN drop as clients see it: the simulator stops (every socket destroyed at once) while queries are
// in flight and comes back on the same port with the same database file; the pool must recover.

let dir: string;
let t: TestSimulator;
let pool: sql.ConnectionPool;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uh-restart-'));
  t = await startTestSimulator({ file: join(dir, 'uh.sqlite') });
  pool = await t.connect({ pool: { max: 4 } });
  await pool.batch('CREATE TABLE dbo.restart_item (id int NOT NULL, label varchar(20) NOT NULL)');
  await pool.batch("INSERT INTO dbo.restart_item (id, label) VALUES (1, 'before')");
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function retry<T>(attempt: () => Promise<T>, tries = 50): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

test('stop and restart on the same port and file under load: the pool recovers, the data survives', async () => {
  const port = t.sim.port;
  let running = true;
  let succeeded = 0;
  const load = Promise.all(
    Array.from({ length: 8 }, async () => {
      while (running) {
        try {
          await pool
            .request()
            .input('id', sql.Int, 1)
            .query('SELECT label FROM dbo.restart_item WHERE id = @id');
          succeeded++;
        } catch {
          // Requests in flight at the drop fail, as they would against SQL Server; the loop must not hang.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const beforeDrop = succeeded;
  await t.restart();
  expect(t.sim.port).toBe(port);
  await retry(() => pool.request().query('SELECT 1 AS ok'));
  const afterRecovery = succeeded;
  await new Promise((resolve) => setTimeout(resolve, 300));
  running = false;
  await load;
  expect(beforeDrop).toBeGreaterThan(0);
  expect(succeeded).toBeGreaterThan(afterRecovery);
  const rows = await pool.request().query('SELECT id, label FROM dbo.restart_item');
  expect(rows.recordset).toEqual([{ id: 1, label: 'before' }]);
});

test('an open transaction is rolled back when its connection drops', async () => {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  await new sql.Request(tx).query("INSERT INTO dbo.restart_item (id, label) VALUES (2, 'uncommitted')");
  await t.restart();
  await expect(tx.commit()).rejects.toBeDefined();
  const rows = await retry(() => pool.request().query('SELECT id FROM dbo.restart_item ORDER BY id'));
  expect(rows.recordset).toEqual([{ id: 1 }]);
});
