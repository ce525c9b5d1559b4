import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from './engine/openEngine';
import type { Engine } from './engine/types';
import { TdsServer } from './tds/TdsServer';
import { startVpnLink, validateVpnSettings, type VpnLink } from './vpn/startVpnLink';

export type UhSeedScale = 'tiny' | 'small' | 'large';

export interface UhSimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** SQLite database file, reused with its data if it exists. Absent: a temporary file deleted on close. */
  readonly file?: string;
  /** Load the synthetic UH seed at this scale when the database holds no data yet. */
  readonly seed?: UhSeedScale;
  /** Diagnostics (connection errors and the like); nothing is logged when absent. */
  readonly log?: (msg: string) => void;
  /**
   * What the VPN does (uh-simulator/vpn/startVpnLink.ts): a delay added each way to every byte on UH's socket,
   * in ms, and a percent of segments lost and retransmitted. With either set, `port` and `url` are the link's.
   */
  readonly latencyMs?: number;
  readonly lossPercent?: number;
}

export interface UhSimulatorHandle {
  readonly port: number;
  readonly host: string;
  /** An MSSQL_URL for this simulator, e.g. mssql://sa:uh-simulator@127.0.0.1:PORT/uhtlive?encrypt=false */
  readonly url: string;
  /** The database file in use (the temporary one when no file was given). */
  readonly file: string;
  readonly engine: Engine;
  /** Requests the simulator has answered after login (SQL batches, RPCs, transaction manager requests). */
  requestsServed(): number;
  /** Drop every open connection at once (as a network outage would), stop listening, close the engine. */
  close(): Promise<void>;
}

export const UH_DATABASE = 'uhtlive';

/**
 * Start the UH simulator: the T-SQL engine over SQLite behind a TDS 7.4 listener, so the project
 * reaches it with the real `mssql` driver. The simulator never speaks TLS (PRELOGIN answers
 * ENCRYPTION = NOT_SUP); connect with `encrypt: false`, e.g. `parseMssqlUrl('MSSQL_URL', handle.url)` or
 * `{ server: '127.0.0.1', port, user: 'sa', password: 'x', database: 'uhtlive',
 *    options: { encrypt: false, trustServerCertificate: true } }`. Any user and password are accepted.
 */
export async function startUhSimulator(options: UhSimulatorOptions = {}): Promise<UhSimulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const vpn = (options.latencyMs ?? 0) > 0 || (options.lossPercent ?? 0) > 0;
  if (vpn) validateVpnSettings(options.latencyMs ?? 0, options.lossPercent ?? 0);
  const tempDir = options.file === undefined ? mkdtempSync(join(tmpdir(), 'uh-sim-')) : undefined;
  const file = options.file ?? join(tempDir as string, 'uh.sqlite');
  const removeTemp = (): void => {
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
  };
  // A database file this call creates and fails to seed is removed again: never left half-written.
  const created = !existsSync(file);
  const removeCreated = (): void => {
    if (created)
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  };
  let engine: Engine;
  try {
    engine = openEngine({ file });
  } catch (error) {
    removeTemp();
    throw error;
  }
  try {
    if (options.seed !== undefined && (await isEmpty(engine))) {
      // Loaded only when seeding: the seed module builds large synthetic tables.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { seedUh } = require('./seed/seedUh') as typeof import('./seed/seedUh');
      seedUh(engine, options.seed);
    }
    const server = new TdsServer({ engine, log: options.log });
    let link: VpnLink | undefined;
    let port: number;
    if (vpn) {
      // The simulator itself listens on a free loopback port; only the link is given out.
      const inner = await server.listen(0, '127.0.0.1');
      link = await startVpnLink({
        target: { host: '127.0.0.1', port: inner },
        oneWayMs: options.latencyMs ?? 0,
        lossPercent: options.lossPercent ?? 0,
        host,
        port: options.port ?? 0,
      });
      port = link.port;
    } else {
      port = await server.listen(options.port ?? 0, host);
    }
    const opened = engine;
    let closing: Promise<void> | undefined;
    return {
      port,
      host,
      url: `mssql://sa:uh-simulator@${host}:${port}/${UH_DATABASE}?encrypt=false&trustServerCertificate=true`,
      file,
      engine: opened,
      requestsServed: () => server.requestsServed,
      close() {
        closing ??= Promise.all([link?.close(), server.close()])
          .then(() => undefined)
          .finally(() => {
            opened.close();
            removeTemp();
          });
        return closing;
      },
    };
  } catch (error) {
    engine.close();
    removeCreated();
    removeTemp();
    throw error;
  }
}

/** The seed always fills dbo.property, so an empty (or missing) property table means an unseeded database. */
async function isEmpty(engine: Engine): Promise<boolean> {
  const session = engine.openSession();
  try {
    const result = await session.execute('SELECT TOP 1 1 AS present FROM dbo.property', []);
    const first = result.outcomes[0];
    return (
      result.error !== undefined ||
      first === undefined ||
      first.kind !== 'resultSet' ||
      first.resultSet.rows.length === 0
    );
  } finally {
    session.close();
  }
}
