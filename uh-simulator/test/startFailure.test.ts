import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUhSimulator } from '../startUhSimulator';

// A failed start must leave nothing half-written: a database file the call created (and seeded) is
// removed again; a file that existed before is kept with its data.
describe('startUhSimulator that fails after opening the database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-start-failure-'));
  let occupied: Server;
  let port: number;
  beforeAll(async () => {
    occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    port = (occupied.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => occupied.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes a database file it created and seeded', async () => {
    const file = join(dir, 'new.sqlite');
    await expect(startUhSimulator({ file, seed: 'tiny', port })).rejects.toThrow(/EADDRINUSE/);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('keeps a database file that existed before, with its data', async () => {
    const file = join(dir, 'kept.sqlite');
    const first = await startUhSimulator({ file, seed: 'tiny' });
    await first.close();
    await expect(startUhSimulator({ file, port })).rejects.toThrow(/EADDRINUSE/);
    const again = await startUhSimulator({ file });
    try {
      const session = again.engine.openSession();
      const result = await session.execute('SELECT COUNT(*) AS n FROM dbo.property', []);
      session.close();
      const outcome = result.outcomes[0];
      expect(outcome?.kind === 'resultSet' ? outcome.resultSet.rows[0]?.[0] : undefined).toBe(50);
    } finally {
      await again.close();
    }
  });
});
