import { Socket } from 'node:net';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../stores/cloud/startEmbeddedPostgres';

/**
 * Which PostgreSQL server the tests use: TEST_DATABASE_URL when set; else the machine's own server
 * when one answers on 127.0.0.1:5432 (CI and the developers' machines have one); else an embedded
 * PostgreSQL in .data/test-pg (a fresh laptop).
 */
export interface TestPostgres {
  readonly adminUrl: string;
  readonly source: 'TEST_DATABASE_URL' | 'local' | 'embedded';
  readonly embedded?: EmbeddedPostgresHandle;
}

export async function resolveTestPostgres(rootDir: string): Promise<TestPostgres> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { adminUrl: fromEnv, source: 'TEST_DATABASE_URL' };
  if (await answers('127.0.0.1', 5432))
    return { adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres', source: 'local' };
  const embedded = await startEmbeddedPostgres({ dataDir: join(rootDir, '.data', 'test-pg') });
  return { adminUrl: embedded.url, source: 'embedded', embedded };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}
