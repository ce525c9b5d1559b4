import type { EmbeddedPostgresHandle } from '../stores/cloud/startEmbeddedPostgres';

export default async function globalTeardown(): Promise<void> {
  const holder = (globalThis as { __housingEmbeddedPg?: { embedded?: EmbeddedPostgresHandle } })
    .__housingEmbeddedPg;
  await holder?.embedded?.stop();
}
