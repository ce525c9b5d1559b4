import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/pg/createTestDatabase';
import { PgStore } from './PgStore';

describe('PgStore.close', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  // A stack stops the server right after its pools: a connection still open then gets "terminating connection
  // due to administrator command" and is logged as a failed idle connection, with a driver stack trace.
  it('returns only when every connection of the pool is closed on the server, so stopping it next is quiet', async () => {
    const observer = new pg.Client({ connectionString: db.url });
    await observer.connect();
    try {
      for (let round = 0; round < 5; round++) {
        const name = `pgstore-close-${round}`;
        const store = new PgStore({ connectionString: db.url, max: 4, applicationName: name });
        await Promise.all([1, 2, 3, 4].map(() => store.query('SELECT pg_sleep(0.01)')));
        await store.close();
        const open = await observer.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
          [name],
        );
        expect([round, open.rows[0]?.n]).toEqual([round, 0]);
      }
    } finally {
      await observer.end();
    }
  });
});
