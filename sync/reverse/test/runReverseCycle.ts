import { parseMssqlUrl } from '../../../core/parseMssqlUrl';
import { UhStore } from '../../../stores/uh/UhStore';
import { PgStore } from '../../../stores/cloud/PgStore';
import { armCrashPoints } from '../../worker/crashPoint';
import { ReverseDirection } from '../ReverseDirection';

/**
 * One reverse cycle in a process of its own, for the crash tests: HOUSING_SYNC_CRASH_AT arms the crash
 * point that kills it (SIGKILL, no cleanup); REVERSE_TEST_UH_URL, REVERSE_TEST_PG_URL and REVERSE_TEST_NOW
 * (the test's clock) say where and when. Prints the cycle's report when it survives.
 */
async function main(): Promise<void> {
  armCrashPoints(process.env.HOUSING_SYNC_CRASH_AT);
  const uh = new UhStore({
    connection: parseMssqlUrl('REVERSE_TEST_UH_URL', process.env.REVERSE_TEST_UH_URL ?? ''),
  });
  const pg = new PgStore({ connectionString: process.env.REVERSE_TEST_PG_URL ?? '', max: 2 });
  const now = new Date(process.env.REVERSE_TEST_NOW ?? Date.now());
  try {
    const report = await new ReverseDirection({ uh, pg, now: () => now }).cycle(new AbortController().signal);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await uh.close();
    await pg.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
