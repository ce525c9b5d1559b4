import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { PgStore } from '../../stores/cloud/PgStore';
import { recordPropertyIndexRun } from '../../stores/cloud/propertyIndexRuns';
import { UhStore } from '../../stores/uh/UhStore';
import { buildPropertyIndex } from './buildPropertyIndex';
import type { PropertyIndex } from './PropertyIndex';
import { PROPERTY_INDEX_CATEGORIES } from './PropertyIndexCategory';
import { readPropertyIndexSources } from './readPropertyIndexSources';

/**
 * Read the four sources (UH from UH; the cloud, the LLPG and the register from the cloud database), build
 * the index, and keep its headline in the cloud database (the dashboard shows the latest).
 */
export async function runPropertyIndex(options: {
  readonly uh: MssqlConnectionConfig;
  readonly cloudUrl: string;
  readonly uhTimeoutMs?: number;
}): Promise<PropertyIndex> {
  const uh = new UhStore({
    connection: options.uh,
    timeoutMs: options.uhTimeoutMs ?? 60_000,
    maxConnections: 2,
  });
  const pg = new PgStore({
    connectionString: options.cloudUrl,
    max: 4,
    applicationName: 'housing property-index',
  });
  try {
    const index = buildPropertyIndex(await readPropertyIndexSources(uh, pg), new Date());
    await recordPropertyIndexRun(pg, {
      generatedAt: index.generatedAt,
      totals: index.totals,
      byLevel: index.byLevel,
      disagreements: Object.fromEntries(
        PROPERTY_INDEX_CATEGORIES.map((category) => [
          category,
          index.disagreements.filter((d) => d.category === category).length,
        ]),
      ),
    });
    return index;
  } finally {
    await uh.close();
    await pg.close();
  }
}
