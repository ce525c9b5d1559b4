import { createTestDatabase, type TestDatabase } from './pg/createTestDatabase';
import { PgStore } from '../stores/cloud/PgStore';
import { cleanEnv, runHousing } from './helpers/runHousing';

// `housing sync dead-letters` and `housing sync retry <id|all>` as an operator runs them against the
// cloud database (the reverse direction's functions, sync/reverse/deadLetters.ts).
describe('housing sync dead-letters / retry (CLI)', () => {
  let db: TestDatabase;
  let pg: PgStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new PgStore({ connectionString: db.url, max: 1 });
    await pg.query(
      `WITH o AS (
         INSERT INTO sync.outbox (entity, entity_key, operation, payload, status, attempts, last_error)
         VALUES ('repairRequest', '90000003', 'INSERT', '{"reference": "90000003"}', 'DEAD', 1, 'property 00099999 does not exist in UH')
         RETURNING id)
       INSERT INTO sync.dead_letter (outbox_id, entity, entity_key, reason, error_number, attempts, created_at)
       SELECT id, 'repairRequest', '90000003', 'property 00099999 does not exist in UH', NULL, 1, '2026-04-06T10:00:00Z' FROM o`,
    );
  });
  afterAll(async () => {
    await pg.close();
    await db.drop();
  });

  const housing = (...args: string[]) => runHousing(['sync', ...args], cleanEnv({ DATABASE_URL: db.url }));

  it('lists open dead letters as a table and as JSON, retries one, and refuses a second retry of it', async () => {
    const table = await housing('dead-letters');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^1 +\d+ +repairRequest +90000003 + 1 +2026-04-06T10:00:00Z + property 00099999 does not exist in UH$/,
    );
    const json = await housing('dead-letters', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        id: 1,
        entity: 'repairRequest',
        entityKey: '90000003',
        errorNumber: null,
        retriedAt: null,
      }),
    ]);
    const retry = await housing('retry', '1');
    expect([retry.code, retry.stdout]).toEqual([
      0,
      expect.stringMatching(/^dead letter 1: outbox row \d+ \(repairRequest 90000003\) is PENDING again\n$/),
    ]);
    const { rows } = await pg.query(`SELECT status FROM sync.outbox`);
    expect(rows).toEqual([{ status: 'PENDING' }]);
    // Each run starts a process (seconds on a shared machine): the refusal is the last one checked.
    const again = await housing('retry', '1');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/dead letter 1 was already retried at 20\d\d-/);
  });
});
