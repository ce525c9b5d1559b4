import { resolveTestPostgres } from './pg/resolveTestPostgres';
import { ensureTemplateDatabase } from './pg/templateDatabase';
import { setEmbedded } from './pg/embeddedHolder';

/** Prepares PostgreSQL for the whole run; workers inherit what it puts in process.env. */
export default async function globalSetup(config: { rootDir: string }): Promise<void> {
  const server = await resolveTestPostgres(config.rootDir);
  if (server.embedded) setEmbedded(server.embedded);
  process.env.HOUSING_TEST_PG_ADMIN_URL = server.adminUrl;
  process.env.HOUSING_TEST_PG_SOURCE = server.source;
  process.env.HOUSING_TEST_PG_TEMPLATE = await ensureTemplateDatabase(server.adminUrl);
}
