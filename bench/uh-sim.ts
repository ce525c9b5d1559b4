import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import sql from 'mssql';
import { startUhSimulator } from '../uh-simulator/startUhSimulator';
import { tediousNoDelay } from '../core/tediousNoDelay';

/**
 * `housing bench uh-sim [--seconds N] [--concurrency N] [--in-process]`
 *
 * Parameterized single-row SELECTs through the real mssql driver (ConnectionPool max 4) against a UH
 * simulator on a temporary file, for a fixed time, once per pool validation mode. The simulator runs in a
 * worker thread by default, as a server would run apart from its clients; --in-process shares the
 * client's thread (then the client's own CPU cost caps the figure).
 */

const ROWS = 1000;

interface Options {
  readonly seconds: number;
  readonly concurrency: number;
  readonly inProcess: boolean;
}

function parseArgs(args: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = args.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(args[i + 1]);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`${flag} expects a positive number, got ${String(args[i + 1])}`);
    return n;
  };
  return {
    seconds: Math.min(60, value('--seconds', 10)),
    concurrency: value('--concurrency', 16),
    inProcess: args.includes('--in-process'),
  };
}

interface Simulator {
  readonly port: number;
  /** The simulator thread's busy time so far, in ms (event loop utilisation), when it runs in a worker. */
  busyMs(): number | undefined;
  close(): Promise<void>;
}

async function startInWorker(): Promise<Simulator> {
  const entry = join(__dirname, '..', 'uh-simulator', 'startUhSimulator.ts');
  const worker = new Worker(
    `require('tsx/cjs/api').register();
     const { parentPort } = require('node:worker_threads');
     require(${JSON.stringify(entry)}).startUhSimulator({}).then((sim) => {
       parentPort.postMessage(sim.port);
       parentPort.once('message', () => sim.close().then(() => parentPort.close()));
     });`,
    { eval: true },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    port,
    busyMs: () => worker.performance.eventLoopUtilization().active,
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

function inProcess(handle: { port: number; close(): Promise<void> }): Simulator {
  return { port: handle.port, busyMs: () => undefined, close: () => handle.close() };
}

async function prepare(pool: sql.ConnectionPool): Promise<void> {
  await pool.batch(
    'CREATE TABLE dbo.bench_item (id int NOT NULL, code char(8) NOT NULL, name varchar(40) NOT NULL, amount money NOT NULL); CREATE UNIQUE INDEX bench_item_id ON dbo.bench_item (id)',
  );
  for (let start = 1; start <= ROWS; start += 100) {
    const values = Array.from(
      { length: 100 },
      (_, i) => `(${start + i}, 'C${start + i}', 'item ${start + i}', ${start + i}.25)`,
    );
    await pool.batch(`INSERT INTO dbo.bench_item (id, code, name, amount) VALUES ${values.join(', ')}`);
  }
}

interface Measurement {
  readonly queries: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** Busy ms per query of the client thread (mssql/tedious) and of the simulator thread. */
  readonly clientMs: number;
  readonly serverMs: number | undefined;
  /** CPU time (user + system, all threads) per query: unlike busy time, not inflated by other processes. */
  readonly cpuMs: number;
}

async function measure(
  pool: sql.ConnectionPool,
  simulator: Simulator,
  seconds: number,
  concurrency: number,
): Promise<Measurement> {
  const clientBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const serverBefore = simulator.busyMs();
  const latencies = new Float64Array(2_000_000);
  let count = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const id = ((next++ * 7919) % ROWS) + 1;
      const started = performance.now();
      const result = await pool
        .request()
        .input('id', sql.Int, id)
        .query('SELECT id, code, name, amount FROM dbo.bench_item WHERE id = @id');
      if (result.recordset.length !== 1)
        throw new Error(`expected one row for id ${id}, got ${result.recordset.length}`);
      if (count < latencies.length) latencies[count] = performance.now() - started;
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const clientBusy = performance.eventLoopUtilization(clientBefore).active;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = simulator.busyMs();
  const serverBusy =
    serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
  const sorted = latencies.subarray(0, Math.min(count, latencies.length)).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return {
    queries: count,
    seconds: elapsed,
    p50: at(0.5),
    p99: at(0.99),
    clientMs: clientBusy / count,
    serverMs: serverBusy === undefined ? undefined : serverBusy / count,
    cpuMs: (cpu.user + cpu.system) / 1000 / count,
  };
}

export default async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const simulator: Simulator = options.inProcess
    ? inProcess(await startUhSimulator({}))
    : await startInWorker();
  const rows: Record<string, string | number>[] = [];
  try {
    const modes: { label: string; validateConnection: boolean | 'socket' }[] = [
      { label: "validateConnection 'socket'", validateConnection: 'socket' },
      { label: 'validateConnection true (SELECT 1 per acquire)', validateConnection: true },
    ];
    for (const [i, mode] of modes.entries()) {
      const config = {
        server: '127.0.0.1',
        port: simulator.port,
        user: 'sa',
        password: 'uh-simulator',
        database: 'uhtlive',
        pool: { max: 4, min: 4 },
        validateConnection: mode.validateConnection,
        beforeConnect: tediousNoDelay,
        options: { encrypt: false, trustServerCertificate: true },
      } as sql.config;
      const pool = await new sql.ConnectionPool(config).connect();
      try {
        if (i === 0) await prepare(pool);
        await measure(pool, simulator, i === 0 ? 2 : 0.5, options.concurrency); // warm-up: JIT, statement caches
        const m = await measure(pool, simulator, options.seconds / modes.length, options.concurrency);
        rows.push({
          pool: mode.label,
          simulator: options.inProcess ? 'same thread' : 'worker thread',
          concurrency: options.concurrency,
          queries: m.queries,
          'queries/s': Math.round(m.queries / m.seconds),
          'p50 ms': Number(m.p50.toFixed(2)),
          'p99 ms': Number(m.p99.toFixed(2)),
          'client busy ms/q': Number(m.clientMs.toFixed(3)),
          'server busy ms/q': m.serverMs === undefined ? '-' : Number(m.serverMs.toFixed(3)),
          'cpu ms/q': Number(m.cpuMs.toFixed(3)),
        });
      } finally {
        await pool.close();
      }
    }
  } finally {
    await simulator.close();
  }
  process.stdout.write(
    'UH simulator: parameterized single-row SELECT through mssql (ConnectionPool max 4)\n',
  );
  console.table(rows);
  process.stdout.write(
    'busy ms/q: event-loop busy time per query per thread (the larger caps queries/s at 1000 / it);\n' +
      'cpu ms/q: CPU time of both threads per query (what an otherwise idle 2-core machine would spend)\n',
  );
}
