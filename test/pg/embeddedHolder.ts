import type { EmbeddedPostgresHandle } from '../../stores/cloud/startEmbeddedPostgres';

// globalSetup and globalTeardown run in the same process; this carries the embedded server between them.
const holder: { embedded?: EmbeddedPostgresHandle } = {};
(globalThis as { __housingEmbeddedPg?: typeof holder }).__housingEmbeddedPg = holder;

export function setEmbedded(handle: EmbeddedPostgresHandle): void {
  holder.embedded = handle;
}
