import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { pathOption } from '../options';
import { CliError } from '../CliError';
import {
  composeSubgraphs,
  formatCompositionIssue,
  formatCompositionIssues,
} from '../../schema/tooling/composeSubgraphs';
import { readSubgraphSources } from '../../schema/tooling/readSubgraphSources';
import { writeComposition } from '../../schema/tooling/writeComposition';
import { runSchemaCheck } from '../../schema/tooling/runSchemaCheck';
import { formatSchemaCheckReport } from '../../schema/tooling/formatSchemaCheckReport';
import { SchemaToolingError } from '../../schema/tooling/SchemaToolingError';

const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

/**
 * `housing schema compose` and `housing schema check`: offline schema checks (what `rover subgraph check`
 * does, without a hosted registry). Exit codes of check: 0 pass, 1 blocking findings, 2 could not run.
 */
export function registerSchema(program: Command, _env: CliEnv): void {
  const schema = program
    .command('schema')
    .description('compose the subgraph SDL files and check schema changes');

  schema
    .command('compose')
    .description(
      'compose schema/*.graphql into schema/supergraph.graphql and the client API schema/api.graphql',
    )
    .option('--schema-dir <dir>', 'folder of subgraph SDL files and subgraphs.json', pathOption, SCHEMA_DIR)
    .option('--verbose', 'print every composition hint, not only warnings')
    .action((opts: { schemaDir: string; verbose?: boolean }) => {
      const composition = couldNotRun(() => composeSubgraphs(readSubgraphSources(opts.schemaDir)));
      if (composition.kind === 'failed') {
        for (const error of composition.errors)
          process.stderr.write(`${formatCompositionIssue('error', error)}\n`);
        throw new CliError(
          `composition failed with ${composition.errors.length} error(s); nothing written`,
          1,
        );
      }
      const hints = opts.verbose
        ? composition.hints.map((hint) => formatCompositionIssue('hint', hint))
        : formatCompositionIssues([], composition.hints);
      for (const line of hints) process.stdout.write(`${line}\n`);
      for (const path of writeComposition(opts.schemaDir, composition))
        process.stdout.write(`wrote ${path}\n`);
    });

  schema
    .command('check')
    .description('composition, drift, code vs SDL, API changes against a base, and the registered operations')
    .option(
      '--base <ref|file>',
      'git ref or file to compare with (default: merge base with main, else schema/baseline/api.graphql)',
    )
    .option(
      '--schema-dir <dir>',
      'folder of subgraph SDL files, generated files and operations/',
      pathOption,
      SCHEMA_DIR,
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { base?: string; schemaDir: string; json?: boolean }) => {
      let report;
      try {
        report = await runSchemaCheck({
          schemaDir: opts.schemaDir,
          ...(opts.base === undefined ? {} : { base: opts.base }),
        });
      } catch (error) {
        if (error instanceof SchemaToolingError) {
          // CI that parses --json still gets JSON; the human line goes to stderr either way.
          if (opts.json)
            process.stdout.write(`${JSON.stringify({ passed: false, exitCode: 2, error: error.message })}\n`);
          throw new CliError(`schema check could not run: ${error.message}`, 2);
        }
        throw error;
      }
      process.stdout.write(
        opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatSchemaCheckReport(report),
      );
      process.exitCode = report.exitCode;
    });
}

function couldNotRun<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SchemaToolingError) throw new CliError(error.message, 2);
    throw error;
  }
}
