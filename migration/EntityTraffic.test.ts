import { createTestDatabase, type TestDatabase } from '../test/pg/createTestDatabase';
import { EntityTraffic } from './EntityTraffic';
import { MigrationStore, type EntityTrafficCount } from './store/MigrationStore';

// The gateway's per-entity counts, kept in memory and added to migration.entity_traffic in batches.
describe('EntityTraffic', () => {
  let db: TestDatabase;
  let store: MigrationStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new MigrationStore({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('two replicas’ counts add up per entity and minute, in one statement per flush; other labels are not counted', async () => {
    const now = Date.now();
    const batches: number[] = [];
    const replica = () =>
      new EntityTraffic({
        record: async (rows) => {
          batches.push(rows.length);
          await store.recordEntityTraffic(rows);
        },
        now: () => now,
      });
    const a = replica();
    const b = replica();
    for (let i = 0; i < 30; i++) a.countRequest('tenancy', 'cloud', i % 10 === 0);
    a.countRequest('tenancy', 'legacy', false);
    a.countComparison('tenancy', 'match');
    a.countComparison('person', 'mismatch');
    a.countRequest('asset', 'cloud', true);
    b.countRequest('tenancy', 'cloud', true);
    b.countComparison('person', 'failed');
    await a.flush();
    await b.flush();
    await a.flush(); // nothing new: no statement
    expect(batches).toEqual([2, 2]);
    const totals = await store.readEntityTraffic(120);
    expect(totals.tenancy).toEqual({
      legacyRequests: 1,
      legacyErrors: 0,
      cloudRequests: 31,
      cloudErrors: 4,
      shadowMatches: 1,
      shadowMismatches: 0,
      shadowFailures: 0,
    });
    expect(totals.person).toMatchObject({ shadowMismatches: 1, shadowFailures: 1, cloudRequests: 0 });
    expect(totals.property.cloudRequests).toBe(0);
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    let fail = true;
    const written: EntityTrafficCount[][] = [];
    const traffic = new EntityTraffic({
      record: async (rows) => {
        if (fail) throw new Error('database away');
        written.push([...rows]);
      },
    });
    traffic.countRequest('property', 'cloud', false);
    await traffic.flush();
    traffic.countRequest('property', 'cloud', true);
    fail = false;
    await traffic.stop();
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual([
      expect.objectContaining({ entity: 'property', cloudRequests: 2, cloudErrors: 1 }),
    ]);
  });

  it('reads a window of whole minutes, from the minute an entity’s phase began when asked, and prunes old minutes', async () => {
    const at = (minutesAgo: number, cloudRequests: number) => ({
      entity: 'repairRequest',
      minute: new Date(Date.now() - minutesAgo * 60_000),
      legacyRequests: 0,
      legacyErrors: 0,
      cloudRequests,
      cloudErrors: 0,
      shadowMatches: 0,
      shadowMismatches: 0,
      shadowFailures: 0,
    });
    await store.recordEntityTraffic([at(60 * 24 * 40, 1000), at(30, 100), at(4, 10), at(0, 1)]);
    expect((await store.readEntityTraffic(600)).repairRequest.cloudRequests).toBe(11);
    expect((await store.readEntityTraffic(3600)).repairRequest.cloudRequests).toBe(111);
    const since = new Map([['repairRequest' as const, new Date(Date.now() - 2 * 60_000)]]);
    expect((await store.readEntityTraffic(3600, since)).repairRequest.cloudRequests).toBe(1);
    expect(await store.pruneEntityTraffic(30)).toBe(1);
    expect((await store.readEntityTraffic(3600 * 24 * 60)).repairRequest.cloudRequests).toBe(111);
    await expect(store.recordEntityTraffic([{ ...at(0, 1), entity: 'asset' }])).rejects.toThrow(
      'unknown entity "asset"; expected one of property, tenancy, person, repairRequest',
    );
  });
});
