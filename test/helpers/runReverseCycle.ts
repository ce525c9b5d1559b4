import { parseMssqlUrl } from '../../core/parseMssqlUrl';
import { UhStore } from '../../stores/uh/UhStore';
import { PgStore } from '../../stores/cloud/PgStore';
import { armCrashPoints, parseCrashPoints } from '../../sync/worker/crashPoint';
import { ReverseDirection } from '../../sync/reverse/ReverseDirection';

/**
 * One reverse cycle in a process of its own, for the crash tests. Its one argument is JSON:
 * { crashAt, uhUrl, pgUrl, now }: crashAt arms the crash point that kills it (SIGKILL, no cleanup; the
 * same spec as HOUSING_SYNC_CRASH_AT, passed as an argument because only the entry points read the
 * environment), now is the test's clock. Prints the cycle's report when it survives.
 */
interface ChildConfig {
  readonly crashAt: string;
  readonly uhUrl: string;
  readonly pgUrl: string;
  readonly now: string;
}

async function main(config: ChildConfig): Promise<void> {
  armCrashPoints(parseCrashPoints(config.crashAt));
  const uh = new UhStore({ connection: parseMssqlUrl('uhUrl', config.uhUrl) });
  const pg = new PgStore({ connectionString: config.pgUrl, max: 2 });
  const now = new Date(config.now);
  try {
    const report = await new ReverseDirection({ uh, pg, now: () => now }).cycle(new AbortController().signal);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await uh.close();
    await pg.close();
  }
}

main(JSON.parse(process.argv[process.argv.length - 1] ?? '{}') as ChildConfig).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
