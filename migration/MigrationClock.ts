/**
 * Time as the migration controls see it (the rollback's outbox drain, the automatic guard): injectable, so
 * tests move it on instead of sleeping.
 */
export interface MigrationClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemMigrationClock: MigrationClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
