import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { startUhSimulator } from '../startUhSimulator';
import { simulatorConfig } from './helpers/startTestSimulator';

// startUhSimulator's file and seed handling, observed through the wire.

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uh-start-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function count(port: number, table: string): Promise<number> {
  const pool = await new sql.ConnectionPool(simulatorConfig(port, { pool: { max: 1 } })).connect();
  try {
    const result = await pool.request().query<{ n: number }>(`SELECT COUNT(*) AS n FROM dbo.${table}`);
    return result.recordset[0]?.n ?? -1;
  } finally {
    await pool.close();
  }
}

test('seeds an empty database once; a reused file keeps its data and is not seeded again', async () => {
  const file = join(dir, 'uh.sqlite');
  const first = await startUhSimulator({ file, seed: 'tiny' });
  let seeded: number;
  try {
    seeded = await count(first.port, 'property');
    expect(seeded).toBeGreaterThan(0);
  } finally {
    await first.close();
  }
  const second = await startUhSimulator({ file, seed: 'tiny' });
  try {
    expect(await count(second.port, 'property')).toBe(seeded);
  } finally {
    await second.close();
  }
});

test('without a file it uses a temporary database, deleted on close', async () => {
  const sim = await startUhSimulator();
  expect(sim.host).toBe('127.0.0.1');
  expect(sim.url).toBe(
    `mssql://sa:uh-simulator@127.0.0.1:${sim.port}/uhtlive?encrypt=false&trustServerCertificate=true`,
  );
  expect(await count(sim.port, 'property')).toBe(0);
  await sim.close();
  expect(existsSync(sim.file)).toBe(false);
});

test('a port in use is reported, not ignored', async () => {
  const sim = await startUhSimulator();
  try {
    await expect(startUhSimulator({ port: sim.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await sim.close();
  }
});
