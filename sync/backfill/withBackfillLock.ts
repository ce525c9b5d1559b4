import { hostname } from 'node:os';
import type { PgStore } from '../../stores/cloud/PgStore';

/**
 * One active backfill per cloud database: a session-level advisory lock held (on its own connection) for
 * the whole run. A second runner does not wait: it fails at once with BackfillLockedError naming the
 * holder (PostgreSQL backend pid, application name, client address, since when), so an operator sees who
 * to wait for instead of a command that hangs. The lock dies with its session, so a killed runner never
 * leaves it behind.
 */
export const SYNC_LOCK_CLASS = 7_240_100; // arbitrary, stable; next to migrate's MIGRATION_LOCK_KEY
export const BACKFILL_LOCK_ID = 1;

export class BackfillLockedError extends Error {
  readonly holder: string;
  constructor(holder: string) {
    super(
      `another backfill is running on this database (${holder}); wait for it to finish, or stop it and run again (it resumes)`,
    );
    this.name = 'BackfillLockedError';
    this.holder = holder;
  }
}

export async function withBackfillLock<T>(store: PgStore, work: () => Promise<T>): Promise<T> {
  return store.withClient(async (client) => {
    // Name this session so the holder can be told apart in pg_stat_activity and in the message above.
    await client.query(`SELECT set_config('application_name', $1, false)`, [
      `housing sync backfill (pid ${process.pid} on ${hostname()})`.slice(0, 63),
    ]);
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      SYNC_LOCK_CLASS,
      BACKFILL_LOCK_ID,
    ]);
    if (rows[0]?.ok !== true) throw new BackfillLockedError(await describeHolder(store));
    try {
      return await work();
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1, $2)', [SYNC_LOCK_CLASS, BACKFILL_LOCK_ID])
        .catch(() => undefined);
    }
  });
}

async function describeHolder(store: PgStore): Promise<string> {
  const { rows } = await store.query<{
    pid: number;
    application_name: string;
    client_addr: string | null;
    backend_start: Date;
  }>(
    // Advisory locks are per database: the same key held in another database on this server is not ours.
    `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [SYNC_LOCK_CLASS, BACKFILL_LOCK_ID],
  );
  const holder = rows[0];
  if (holder === undefined) return 'the holder has just finished; run again';
  const app = holder.application_name || 'no application name';
  const from = holder.client_addr ? ` from ${holder.client_addr}` : '';
  return `held by PostgreSQL backend ${holder.pid}: ${app}${from}, connected since ${holder.backend_start.toISOString()}`;
}
