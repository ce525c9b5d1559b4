import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { CliError } from '../CliError';
import { pathOption } from '../options';
import { resolveCloudUrl, resolveUhConfig } from '../resolveTargets';
import { CloudStoreUnavailableError } from '../../stores/cloud/cloudStoreErrors';
import { LegacyStoreQueryError, LegacyStoreUnavailableError } from '../../stores/uh/legacyStoreErrors';
import { runPropertyIndex } from '../../sync/propertyIndex/runPropertyIndex';
import { formatPropertyIndex } from '../../sync/propertyIndex/formatPropertyIndex';
import { propertyIndexCsv } from '../../sync/propertyIndex/propertyIndexCsv';
import { renderPropertyIndexHtml } from '../../sync/propertyIndex/renderPropertyIndexHtml';

export function registerPropertyIndex(program: Command, env: CliEnv): void {
  program
    .command('property-index')
    .description(
      'counts by level and property type across UH, the cloud, the LLPG and the asset register, then every disagreement with its likely explanation',
    )
    .option('--json', 'print the index as JSON')
    .option(
      '--csv',
      'print every disagreement as CSV (category, explanation, prop_ref, level, address, uh, register, llpg, detail)',
    )
    .option('--html <file>', 'write the index as one self-contained HTML page', pathOption)
    .option('--verbose', 'on failure, print the error with its cause and stack')
    .option(
      '--data-dir <dir>',
      'the stack to use when DATABASE_URL / MSSQL_URL are not set',
      pathOption,
      env.dataDir,
    )
    .action(
      async (opts: { json?: boolean; csv?: boolean; html?: string; verbose?: boolean; dataDir: string }) => {
        if ([opts.json === true, opts.csv === true, opts.html !== undefined].filter(Boolean).length > 1)
          throw new CliError('choose one of --json, --csv and --html <file>', 2);
        const cloudUrl = resolveCloudUrl(env, opts.dataDir);
        const uh = resolveUhConfig(env, opts.dataDir).config;
        let index;
        try {
          index = await runPropertyIndex({ uh, cloudUrl, uhTimeoutMs: Math.max(env.uhTimeoutMs, 60_000) });
        } catch (error) {
          if (
            opts.verbose !== true &&
            (error instanceof LegacyStoreUnavailableError ||
              error instanceof LegacyStoreQueryError ||
              error instanceof CloudStoreUnavailableError)
          )
            throw new CliError(`${error.message} (--verbose for details)`, 1);
          throw error;
        }
        if (opts.html !== undefined) {
          writeFileSync(opts.html, renderPropertyIndexHtml(index));
          process.stdout.write(`wrote ${opts.html} (${index.disagreements.length} disagreement(s))\n`);
        } else if (opts.csv === true) process.stdout.write(propertyIndexCsv(index));
        else if (opts.json === true) process.stdout.write(`${JSON.stringify(index, null, 2)}\n`);
        else process.stdout.write(formatPropertyIndex(index));
      },
    );
}
