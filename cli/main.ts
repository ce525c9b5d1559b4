// First, before anything loads Apollo's federation packages (see the file).
import '../gateway/perf/flattenFederationExports';
import { Command, CommanderError } from 'commander';
import { describeCliFailure } from './describeCliFailure';
import { EXIT_BAD_INPUT } from './CliError';
import { readCliEnv } from './readCliEnv';
import { registerStart } from './commands/start';
import { registerUhSim } from './commands/uhSim';
import { registerUhSeed } from './commands/uhSeed';
import { registerDb } from './commands/db';
import { registerStatus } from './commands/status';
import { registerBench } from './commands/bench';
import { registerSubgraph } from './commands/subgraph';
import { registerSchema } from './commands/schema';
import { registerSync } from './commands/sync';
import { registerLlpg } from './commands/llpg';
import { registerMigrate } from './commands/migrate';
import { registerGateway } from './commands/gateway';
import { registerToken } from './commands/token';
import { registerReconcile } from './commands/reconcile';
import { registerAssetRegister } from './commands/assetRegister';
import { registerPropertyIndex } from './commands/propertyIndex';

/** `housing`: the project's one command line. Each subcommand lives in cli/commands/<name>.ts. */
async function main(argv: readonly string[]): Promise<void> {
  const env = readCliEnv(process.env, process.cwd());
  const program = new Command('housing')
    .description(
      'housing-graph: one GraphQL graph over Universal Housing and the cloud, and the tools that move data between them',
    )
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride();
  registerStart(program, env);
  registerUhSim(program, env);
  registerUhSeed(program, env);
  registerDb(program, env);
  registerStatus(program, env);
  registerSubgraph(program, env);
  registerBench(program, env);
  registerSchema(program, env);
  registerSync(program, env);
  registerLlpg(program, env);
  registerMigrate(program, env);
  registerGateway(program, env);
  registerToken(program, env);
  registerReconcile(program, env);
  registerAssetRegister(program, env);
  registerPropertyIndex(program, env);
  offerVerbose(program);
  await program.parseAsync(argv, { from: 'node' });
}

/** Every command takes --verbose: a failure then prints its stack trace (and its causes'). */
function offerVerbose(command: Command): void {
  if (!command.options.some((option) => option.long === '--verbose'))
    command.option('--verbose', 'on failure, print the stack trace');
  for (const sub of command.commands) offerVerbose(sub);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has already printed the usage error (or the help text, which exits 0).
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    return;
  }
  const failure = describeCliFailure(error, process.argv.includes('--verbose'));
  process.stderr.write(failure.text);
  process.exitCode = failure.exitCode;
});
