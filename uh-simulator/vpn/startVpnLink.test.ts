import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import sql from 'mssql';
import { startVpnLink } from './startVpnLink';
import { startUhSimulator } from '../startUhSimulator';
import { parseMssqlUrl } from '../../core/parseMssqlUrl';

/** An echo server: every byte comes straight back. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Send `chunks` one write each through the link and collect what comes back until `bytes` arrived. */
async function roundTrip(port: number, chunks: readonly Buffer[], bytes: number) {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const started = performance.now();
  const received: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    let length = 0;
    socket.on('data', (data: Buffer) => {
      received.push(data);
      length += data.length;
      if (length >= bytes) resolve(Buffer.concat(received));
    });
  });
  for (const chunk of chunks) socket.write(chunk);
  const echoed = await done;
  const elapsed = performance.now() - started;
  socket.destroy();
  return { echoed, elapsed };
}

describe("the VPN link (what the VPN does to UH's socket)", () => {
  it('delays each direction by the one-way delay: a round trip costs at least twice it', async () => {
    const echo = await echoServer();
    const link = await startVpnLink({ target: { host: '127.0.0.1', port: echo.port }, oneWayMs: 25 });
    try {
      const { echoed, elapsed } = await roundTrip(link.port, [Buffer.from('ping')], 4);
      expect(echoed.toString()).toBe('ping');
      expect(elapsed).toBeGreaterThanOrEqual(49);
      expect(link.stats).toEqual({ delivered: 2, retransmitted: 0, exchanges: 1 });
    } finally {
      await link.close();
      echo.server.close();
    }
  });

  it('keeps every byte in order when segments are lost: a lost one holds back those behind it, as TCP does', async () => {
    const echo = await echoServer();
    // Every third segment is lost and retransmitted 40 ms later.
    let n = 0;
    const link = await startVpnLink({
      target: { host: '127.0.0.1', port: echo.port },
      oneWayMs: 2,
      lossPercent: 30,
      retransmitMs: 40,
      random: () => (n++ % 3 === 0 ? 0.1 : 0.9),
    });
    try {
      const chunks = Array.from({ length: 200 }, (_, i) => Buffer.from(`${String(i).padStart(4, '0')};`));
      const expected = Buffer.concat(chunks).toString();
      const { echoed, elapsed } = await roundTrip(link.port, chunks, expected.length);
      expect(echoed.toString()).toBe(expected);
      expect(link.stats.retransmitted).toBeGreaterThan(0);
      expect(elapsed).toBeGreaterThanOrEqual(40);
    } finally {
      await link.close();
      echo.server.close();
    }
  });

  it('refuses a delay or loss rate out of range, saying what was expected', async () => {
    await expect(startVpnLink({ target: { host: '127.0.0.1', port: 1 }, oneWayMs: -1 })).rejects.toThrow(
      'expected a one-way delay from 0 to 10000 ms, got -1',
    );
    await expect(
      startVpnLink({ target: { host: '127.0.0.1', port: 1 }, oneWayMs: 1, lossPercent: 101 }),
    ).rejects.toThrow('expected a loss rate from 0 to 100 percent, got 101');
  });

  it('the simulator behind it answers mssql as before, each request a round trip slower', async () => {
    const simulator = await startUhSimulator({ latencyMs: 20 });
    const pool = new sql.ConnectionPool({
      ...parseMssqlUrl('simulator', simulator.url),
      options: { encrypt: false, trustServerCertificate: true },
    });
    try {
      await pool.connect();
      const started = performance.now();
      const result = await pool.request().query('SELECT 41 + 1 AS answer');
      expect(result.recordset).toEqual([{ answer: 42 }]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    } finally {
      await pool.close();
      await simulator.close();
    }
  });
});
