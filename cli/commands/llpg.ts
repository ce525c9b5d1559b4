import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { CliError } from '../CliError';
import { pathOption, scaleOption, type Scale } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { generateLlpgExtract } from '../../sync/llpg/generateLlpgExtract';
import { LlpgExtractError } from '../../sync/llpg/LlpgExtractError';
import { formatLlpgLoadSummary } from '../../sync/llpg/LlpgLoadSummary';
import { checkLlpgHeaders, extractFile, loadLlpgExtract } from '../../sync/llpg/loadLlpgExtract';
import { writeLlpgExtract } from '../../sync/llpg/writeLlpgExtract';

/** Bad input (a missing file, a wrong header, broken CSV) is a usage error: exit 2, like a bad option. */
const EXIT_BAD_INPUT = 2;

export function registerLlpg(program: Command, env: CliEnv): void {
  const llpg = program
    .command('llpg')
    .description("the council's gazetteer (LLPG): load an extract into the cloud database, or generate one");

  llpg
    .command('load')
    .description(
      'load an LLPG extract (CSV) into llpg.address / llpg.cross_reference, reject bad rows into sync.reject, then recompute the LLPG parent claims; loading the same extract again changes nothing',
    )
    .requiredOption(
      '--addresses <file.csv>',
      'LPI rows: lpi_key, uprn, parent_uprn, usrn, lpi_logical_status, ... (see sync/llpg/README.md)',
      pathOption,
    )
    .option(
      '--xrefs <file.csv>',
      'cross-reference rows: xref_key, uprn, xref_code, xref_name, xref_value, xref_end_date',
      pathOption,
    )
    .option(
      '--replace',
      'the files are the whole gazetteer: delete stored LPIs (and, with --xrefs, cross-references) they do not name, such as the synthetic ones the stack loaded',
    )
    .option('--data-dir <dir>', 'the stack to use when DATABASE_URL is not set', pathOption, env.dataDir)
    .action(async (opts: { addresses: string; xrefs?: string; replace?: boolean; dataDir: string }) => {
      try {
        const addresses = extractFile(opts.addresses, '--addresses');
        const crossReferences = opts.xrefs === undefined ? undefined : extractFile(opts.xrefs, '--xrefs');
        await checkLlpgHeaders(addresses, crossReferences);
        const cloudUrl = resolveCloudUrl(env, opts.dataDir);
        const summary = await loadLlpgExtract({
          cloudUrl,
          addresses,
          crossReferences,
          replace: opts.replace === true,
        });
        process.stdout.write(formatLlpgLoadSummary(summary));
      } catch (error) {
        if (error instanceof LlpgExtractError) throw new CliError(error.message, EXIT_BAD_INPUT);
        throw error;
      }
    });

  llpg
    .command('generate')
    .description(
      'write the synthetic LLPG extract that matches the UH seed at a scale (addresses.csv, cross-references.csv, manifest.json); the same files on every run',
    )
    .requiredOption('--scale <scale>', 'tiny, small or large (as the UH seed)', scaleOption)
    .requiredOption('--out <dir>', 'directory to write the files into (created if needed)', pathOption)
    .action((opts: { scale: Scale; out: string }) => {
      const extract = generateLlpgExtract(opts.scale);
      const files = writeLlpgExtract(extract, opts.out);
      process.stdout.write(
        `wrote ${files.addresses} (${extract.manifest.counts.addresses} rows), ${files.crossReferences} (${extract.manifest.counts.crossReferences} rows), ${files.manifest}\n`,
      );
    });
}
