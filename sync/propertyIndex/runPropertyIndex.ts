import type { MssqlConnectionConfig } from '../../core/parseMssqlUrl';
import { PgStore } from '../../stores/cloud/PgStore';
import { UhStore } from '../../stores/uh/UhStore';
import { buildPropertyIndex } from './buildPropertyIndex';
import type { PropertyIndex } from './PropertyIndex';
import { readPropertyIndexSources } from './readPropertyIndexSources';

/** Read the four sources (UH from UH; the cloud, the LLPG and the register from the cloud database) and build the index. */
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
    return buildPropertyIndex(await readPropertyIndexSources(uh, pg), new Date());
  } finally {
    await uh.close();
    await pg.close();
  }
}
