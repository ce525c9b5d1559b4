import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption, scaleOption, type Scale } from '../options';
import { parseMssqlUrl } from '../../core/parseMssqlUrl';
import { resolveUhConfig } from '../resolveTargets';
import { CliError, EXIT_FAILED } from '../CliError';
import { seedUhOverWire } from '../../uh-simulator/seed/seedUhOverWire';
import { seedUhFile } from '../../uh-simulator/seed/seedUhFile';
import { UhTablesExistError } from '../../uh-simulator/seed/seedErrors';

export function registerUhSeed(program: Command, env: CliEnv): void {
  program
    .command('uh-seed')
    .description(
      'load the deterministic synthetic UH dataset (with its data-quality faults) into a UH database',
    )
    .requiredOption('--scale <scale>', 'tiny, small or large', scaleOption)
    .option(
      '--url <mssqlUrl>',
      'a SQL Server (or simulator) to load over the wire; default MSSQL_URL, else the running stack',
    )
    .option('--db <file>', 'load straight into a UH simulator database file instead (fast path)', pathOption)
    .option(
      '--data-dir <dir>',
      'the stack to load into when neither --url nor MSSQL_URL is given',
      pathOption,
      env.dataDir,
    )
    .option('--no-schema', 'do not create the UH tables first (they exist already)')
    .option(
      '--if-empty',
      'do nothing when UH already has properties (for container start-up); create the tables when missing',
    )
    .option('--manifest <file>', 'write the fault manifest (JSON) here', pathOption)
    .action(
      async (opts: {
        scale: Scale;
        url?: string;
        db?: string;
        dataDir: string;
        schema: boolean;
        ifEmpty?: boolean;
        manifest?: string;
      }) => {
        const started = Date.now();
        if (opts.db && opts.url)
          throw new CliError('give either --db (a simulator file) or --url (a server), not both', 2);
        const manifest = opts.db
          ? seedUhFile(opts.db, opts.scale)
          : await seedUhOverWire(
              opts.url ? parseMssqlUrl('--url', opts.url) : resolveUhConfig(env, opts.dataDir).config,
              opts.scale,
              {
                createSchema: opts.schema,
                ifEmpty: opts.ifEmpty === true,
                onProgress: (line) => process.stderr.write(`${line}\n`),
              },
            ).catch((error: unknown) => {
              if (!(error instanceof UhTablesExistError)) throw error;
              throw new CliError(
                `${error.message}; pass --if-empty to load only an empty UH, or --no-schema to add the rows ` +
                  'to the existing tables',
                EXIT_FAILED,
                { cause: error },
              );
            });
        if (manifest === 'already-seeded') {
          process.stdout.write('UH already has properties; nothing loaded (--if-empty)\n');
          return;
        }
        if (opts.manifest) writeFileSync(opts.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
        const rows = Object.values(manifest.counts).reduce((sum, n) => sum + n, 0);
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(
          `seeded ${rows} rows (scale ${opts.scale}) in ${seconds.toFixed(1)} s; ${Object.keys(manifest.faults).length} fault kinds in the manifest\n`,
        );
      },
    );
}
