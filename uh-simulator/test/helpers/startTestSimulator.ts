import sql from 'mssql';
import {
  startUhSimulator,
  UH_DATABASE,
  type UhSimulatorHandle,
  type UhSimulatorOptions,
} from '../../startUhSimulator';

/**
 * The mssql configuration that reaches a simulator: TDS without TLS (`encrypt: false`), any user and
 * password. Tests pass overrides for pool size and timeouts.
 */
export function simulatorConfig(port: number, overrides: Partial<sql.config> = {}): sql.config {
  return {
    server: '127.0.0.1',
    port,
    user: 'sa',
    password: 'uh-simulator',
    database: UH_DATABASE,
    ...overrides,
    options: { encrypt: false, trustServerCertificate: true, ...overrides.options },
    pool: { max: 4, min: 0, ...overrides.pool },
  };
}

export interface TestSimulator {
  readonly sim: UhSimulatorHandle;
  /** A connected pool; closed by close(). */
  connect(overrides?: Partial<sql.config>): Promise<sql.ConnectionPool>;
  /** Stop the simulator and restart it on the same port and file (a network drop, as clients see it). */
  restart(): Promise<void>;
  /** Close every pool this helper opened, then the simulator. */
  close(): Promise<void>;
}

/** A simulator on a free port and a temporary database, with pools that are closed with it. */
export async function startTestSimulator(options: UhSimulatorOptions = {}): Promise<TestSimulator> {
  let sim = await startUhSimulator(options);
  const pools: sql.ConnectionPool[] = [];
  return {
    get sim() {
      return sim;
    },
    async connect(overrides = {}) {
      const pool = new sql.ConnectionPool(simulatorConfig(sim.port, overrides));
      // A pool whose server went away emits 'error'; tests assert on requests, not on this event.
      pool.on('error', () => undefined);
      pools.push(pool);
      await pool.connect();
      return pool;
    },
    async restart() {
      // Keep the file: close() deletes only a temporary file it created, so restart needs a given file.
      if (options.file === undefined)
        throw new Error('restart() needs a simulator started with an explicit file');
      const { port } = sim;
      await sim.close();
      sim = await startUhSimulator({ ...options, port });
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.close().catch(() => undefined)));
      await sim.close();
    },
  };
}
