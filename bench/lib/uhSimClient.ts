import sql from 'mssql';
import { tediousNoDelay } from '../../core/tediousNoDelay';

/**
 * One load-generating client for the uh-sim bench: its own mssql pool against the simulator, the bench's
 * single-row SELECT in a closed loop for `seconds`. Run in a worker thread so several clients can share
 * one set of connections between them without one client thread's CPU capping the measurement.
 */
export async function runUhSimClient(options: {
  port: number;
  connections: number;
  seconds: number;
  concurrency: number;
  rows: number;
}) {
  const pool = await new sql.ConnectionPool({
    server: '127.0.0.1',
    port: options.port,
    user: 'sa',
    password: 'uh-simulator',
    database: 'uhtlive',
    pool: { max: options.connections, min: options.connections },
    validateConnection: 'socket',
    beforeConnect: tediousNoDelay,
    options: { encrypt: false, trustServerCertificate: true },
  }).connect();
  try {
    const latencies: number[] = [];
    let next = 0;
    // Warm-up (JIT, statement caches), not measured.
    for (let i = 0; i < 200; i++)
      await pool
        .request()
        .input('id', sql.Int, i + 1)
        .query('SELECT id, code, name, amount FROM dbo.bench_item WHERE id = @id');
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          const id = ((next++ * 7919) % options.rows) + 1;
          const started = performance.now();
          const result = await pool
            .request()
            .input('id', sql.Int, id)
            .query('SELECT id, code, name, amount FROM dbo.bench_item WHERE id = @id');
          if (result.recordset.length !== 1)
            throw new Error(`expected one row for id ${id}, got ${result.recordset.length}`);
          latencies.push(performance.now() - started);
        }
      }),
    );
    return { latencies, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.close();
  }
}
