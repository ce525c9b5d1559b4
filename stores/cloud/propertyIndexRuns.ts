import type { PgClient, PgStore } from './PgStore';

/**
 * The Property Index in a few numbers (sync.property_index_run): what each source holds in all and by
 * level, and how many disagreements of each category. The full index is `housing property-index`'s;
 * this is what the dashboard shows of the latest one.
 */
export interface PropertyIndexHeadline {
  readonly generatedAt: string;
  /** Source (uh, cloud, llpg, register) -> how many it holds. */
  readonly totals: Readonly<Record<string, number>>;
  readonly byLevel: readonly {
    readonly label: string;
    readonly counts: Readonly<Record<string, number | null>>;
  }[];
  /** Category -> disagreements of it. */
  readonly disagreements: Readonly<Record<string, number>>;
}

/** Keeps one index run's headline; old runs are kept too (a few rows a day at most). */
export async function recordPropertyIndexRun(store: PgStore, headline: PropertyIndexHeadline): Promise<void> {
  await store.query(
    `INSERT INTO sync.property_index_run (generated_at, totals, by_level, disagreements)
VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb)`,
    [
      headline.generatedAt,
      JSON.stringify(headline.totals),
      JSON.stringify(headline.byLevel),
      JSON.stringify(headline.disagreements),
    ],
  );
}

/** The latest run's headline, or null when the index was never built on this database. */
export async function readLatestPropertyIndexRun(client: PgClient): Promise<PropertyIndexHeadline | null> {
  const { rows } = await client.query<{
    generated_at: Date;
    totals: Record<string, number>;
    by_level: PropertyIndexHeadline['byLevel'];
    disagreements: Record<string, number>;
  }>(
    `SELECT generated_at, totals, by_level, disagreements FROM sync.property_index_run
ORDER BY generated_at DESC, id DESC LIMIT 1`,
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    generatedAt: row.generated_at.toISOString(),
    totals: row.totals,
    byLevel: row.by_level,
    disagreements: row.disagreements,
  };
}
