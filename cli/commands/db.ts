import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption, portOption } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { PgStore } from '../../stores/cloud/PgStore';
import { migrate, migrationStatus } from '../../stores/cloud/migrate';
import { embeddedPostgresGroup, startEmbeddedPostgres } from '../../stores/cloud/startEmbeddedPostgres';
import { prepareDataDir } from '../../core/prepareDataDir';
import { ensureDatabase } from '../../stores/cloud/ensureDatabase';
import { CliError } from '../CliError';
import { MigrationError } from '../../stores/cloud/migrate';

export function registerDb(program: Command, env: CliEnv): void {
  const db = program.command('db').description('the cloud PostgreSQL database');

  db.command('migrate')
    .description('apply the numbered migrations in stores/cloud/migrations (safe to run concurrently)')
    .option(
      '--data-dir <dir>',
      'the stack whose database to migrate when DATABASE_URL is not set',
      pathOption,
      env.dataDir,
    )
    .action(async (opts: { dataDir: string }) => {
      await withStore(resolveCloudUrl(env, opts.dataDir), async (store) => {
        const { applied, current } = await migrate(store);
        process.stdout.write(
          applied.length === 0 ? `up to date (${current} migrations)\n` : `applied ${applied.join(', ')}\n`,
        );
      });
    });

  db.command('status')
    .description('list the migrations and whether each is applied')
    .option(
      '--data-dir <dir>',
      'the stack whose database to inspect when DATABASE_URL is not set',
      pathOption,
      env.dataDir,
    )
    .action(async (opts: { dataDir: string }) => {
      await withStore(resolveCloudUrl(env, opts.dataDir), async (store) => {
        for (const m of await migrationStatus(store)) {
          process.stdout.write(
            `${String(m.version).padStart(4, '0')}_${m.name}  ${m.applied ? 'applied' : 'pending'}\n`,
          );
        }
      });
    });

  db.command('embedded')
    .description('run only the embedded PostgreSQL (real binaries from npm) in the foreground, migrated')
    .option(
      '--data-dir <dir>',
      'data folder (the server keeps its files in <dir>/pg)',
      pathOption,
      env.dataDir,
    )
    .option('--port <port>', 'TCP port (0 = any free port)', portOption, 0)
    .action(async (opts: { dataDir: string; port: number }) => {
      prepareDataDir(opts.dataDir, embeddedPostgresGroup());
      const server = await startEmbeddedPostgres({
        dataDir: `${opts.dataDir}/pg`,
        port: opts.port || undefined,
      });
      try {
        const url = await ensureDatabase(server.url, 'housing');
        await withStore(url, (store) => migrate(store));
        process.stdout.write(`DATABASE_URL=${url}\n`);
      } catch (error) {
        await server.stop();
        throw error;
      }
      await new Promise<void>((resolve) => {
        const stop = () => void server.stop().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

async function withStore<T>(url: string, work: (store: PgStore) => Promise<T>): Promise<T> {
  const store = new PgStore({ connectionString: url, max: 2 });
  try {
    return await work(store);
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
