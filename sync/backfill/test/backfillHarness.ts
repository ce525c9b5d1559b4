import { startUhSimulator, type UhSimulatorHandle } from '../../../uh-simulator/startUhSimulator';
import { generateUhSeed } from '../../../uh-simulator/seed/generateUhSeed';
import type { FaultRecord, SeedManifest } from '../../../uh-simulator/seed/SeedManifest';
import { parseMssqlUrl, type MssqlConnectionConfig } from '../../../core/parseMssqlUrl';
import { PgStore } from '../../../stores/cloud/PgStore';
import { createTestDatabase, type TestDatabase } from '../../../test/pg/createTestDatabase';

/**
 * Backfill tests' fixture: a tiny-seeded UH simulator with a few extra rows no seed plants (rows the
 * cloud model cannot represent), the seed's manifest, and fresh migrated PostgreSQL databases.
 */
export interface BackfillHarness {
  readonly simulator: UhSimulatorHandle;
  readonly uh: MssqlConnectionConfig;
  readonly manifest: SeedManifest;
  /** A fresh migrated database and a store on it (dropped by close()). */
  database(): Promise<{ url: string; store: PgStore }>;
  /** Run T-SQL on the simulator (test setup and UH-side expectations). */
  uhQuery<R = Record<string, unknown>>(text: string): Promise<R[]>;
  close(): Promise<void>;
}

/** Planted here: a prop_ref that is not a reference, a tenancy with a blank tag_ref, a transaction with no post_date, two with NULL key columns. */
export const EXTRA_UH_ROWS = `
INSERT INTO dbo.property (prop_ref, level_code, major_ref, ownership) VALUES ('GARAGE-7A', '8', '00000001', 'LBH');
INSERT INTO dbo.tenagree (tag_ref, prop_ref, house_ref, tenure) VALUES ('', '00010001', '', 'SEC');
INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, post_date, real_value)
  VALUES (1, 1, 1, 1, '0900001/01', 'RPY', NULL, -10.00);
INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, post_date, real_value)
  VALUES (NULL, 5, 1, 1, '0900001/01', 'DBR', '2026-01-05', 101.37);
INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, post_date, real_value)
  VALUES (3, NULL, 1, 1, '0900001/01', 'DBR', '2026-01-06', 5.00);
`;

export async function startBackfillHarness(): Promise<BackfillHarness> {
  const simulator = await startUhSimulator({ seed: 'tiny' });
  const databases: { db: TestDatabase; store: PgStore }[] = [];
  const uhQuery = async <R>(text: string): Promise<R[]> => {
    const session = simulator.engine.openSession();
    try {
      const result = await session.execute(text, []);
      if (result.error !== undefined) throw new Error(`UH: ${JSON.stringify(result.error)}`);
      const rows: R[] = [];
      for (const outcome of result.outcomes) {
        if (outcome.kind !== 'resultSet') continue;
        const names = outcome.resultSet.columns.map((c) => c.name);
        for (const row of outcome.resultSet.rows) {
          rows.push(Object.fromEntries(names.map((name, i) => [name, (row as unknown[])[i]])) as R);
        }
      }
      return rows;
    } finally {
      session.close();
    }
  };
  await uhQuery(EXTRA_UH_ROWS);
  return {
    simulator,
    uh: parseMssqlUrl('uh', simulator.url),
    manifest: generateUhSeed('tiny').manifest,
    uhQuery,
    async database() {
      const db = await createTestDatabase();
      const store = new PgStore({ connectionString: db.url, max: 2 });
      databases.push({ db, store });
      return { url: db.url, store };
    },
    async close() {
      for (const { db, store } of databases) {
        await store.close();
        await db.drop();
      }
      await simulator.close();
    },
  };
}

/** The manifest's records of one fault kind (throws when the seed stops planting it: update the test). */
export function faultRecords(manifest: SeedManifest, kind: string): readonly FaultRecord[] {
  const records = manifest.faults[kind]?.records ?? [];
  if (records.length === 0) throw new Error(`the tiny seed no longer plants fault "${kind}"`);
  return records;
}

/** Every table the backfill writes, and the columns that say when (not what). */
export const BACKFILL_TABLES = [
  'housing.tenure_type',
  'housing.property',
  'housing.property_parent_claim',
  'housing.tenancy',
  'housing.person',
  'housing.household_member',
  'housing.contact_details',
  'repairs.repair_request',
  'finance.rent_transaction',
] as const;

/**
 * A checksum per table of every row's content. `withTimes` keeps synced_at/created_at (same database:
 * proves nothing was rewritten); without them two databases filled at different times compare equal.
 * sync.reject ids/created_at and sync.checkpoint updated_at are always left out (a restart renumbers them).
 */
export async function tableChecksums(store: PgStore, withTimes: boolean): Promise<Record<string, string>> {
  const times = withTimes ? '' : ` - 'synced_at' - 'created_at'`;
  const queries: [string, string][] = [
    ...BACKFILL_TABLES.map((t): [string, string] => [
      t,
      `SELECT (to_jsonb(t)${times})::text AS r FROM ${t} t`,
    ]),
    ['sync.reject', `SELECT (to_jsonb(t) - 'id' - 'created_at')::text AS r FROM sync.reject t`],
    ['sync.checkpoint', `SELECT (to_jsonb(t) - 'updated_at')::text AS r FROM sync.checkpoint t`],
  ];
  const result: Record<string, string> = {};
  for (const [table, select] of queries) {
    const { rows } = await store.query<{ n: string; sum: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(r, E'\\n' ORDER BY r)) AS sum FROM (${select}) x`,
    );
    result[table] = `${rows[0]?.n ?? 0}:${rows[0]?.sum ?? ''}`;
  }
  return result;
}
