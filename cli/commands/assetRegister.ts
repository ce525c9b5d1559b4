import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { CliError } from '../CliError';
import { pathOption, scaleOption, type Scale } from '../options';
import { resolveCloudUrl } from '../resolveTargets';
import { LlpgExtractError } from '../../sync/llpg/LlpgExtractError';
import { extractFile } from '../../sync/llpg/loadLlpgExtract';
import { checkAssetRegisterHeader, loadAssetRegister } from '../../sync/propertyIndex/loadAssetRegister';
import { formatAssetRegisterLoad } from '../../sync/propertyIndex/formatAssetRegisterLoad';
import { generateAssetRegister } from '../../sync/propertyIndex/generateAssetRegister';
import { writeAssetRegister } from '../../sync/propertyIndex/writeAssetRegister';

/** A missing file, a header missing columns or unreadable CSV: a usage error, exit 2, nothing loaded. */
const EXIT_BAD_INPUT = 2;

export function registerAssetRegister(program: Command, env: CliEnv): void {
  const register = program
    .command('asset-register')
    .description(
      "the council's asset register (Codeman): load an extract for the Property Index, or generate one",
    );

  register
    .command('load')
    .description(
      'load an asset register extract (CSV: asset_id, prop_ref, uprn, level, asset_type, parent_prop_ref, status, status_date, address, postcode); it replaces the register held; bad rows go to sync.reject with their reasons',
    )
    .argument('<file.csv>', 'the extract', pathOption)
    .option('--data-dir <dir>', 'the stack to use when DATABASE_URL is not set', pathOption, env.dataDir)
    .action(async (file: string, opts: { dataDir: string }) => {
      try {
        const input = extractFile(file, 'asset register');
        await checkAssetRegisterHeader(input);
        const summary = await loadAssetRegister(resolveCloudUrl(env, opts.dataDir), input);
        process.stdout.write(formatAssetRegisterLoad(summary));
      } catch (error) {
        if (error instanceof LlpgExtractError) throw new CliError(error.message, EXIT_BAD_INPUT);
        throw error;
      }
    });

  register
    .command('generate')
    .description(
      'write the synthetic asset register matching the UH seed at a scale (asset-register.csv, manifest.json listing every planted disagreement); the same files on every run',
    )
    .requiredOption('--scale <scale>', 'tiny, small or large (as the UH seed)', scaleOption)
    .requiredOption('--out <dir>', 'directory to write the files into (created if needed)', pathOption)
    .action((opts: { scale: Scale; out: string }) => {
      const extract = generateAssetRegister(opts.scale);
      const files = writeAssetRegister(extract, opts.out);
      process.stdout.write(`wrote ${files.csv} (${extract.manifest.counts.rows} rows), ${files.manifest}\n`);
    });
}
