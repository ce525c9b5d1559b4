import type { Command } from 'commander';
import type { CliEnv } from '../readCliEnv';
import { latencyOption, lossOption, pathOption, portOption, scaleOption, type Scale } from '../options';
import { startStack } from '../startStack';
import { redact } from '../../core/parseSetting';

export function registerStart(program: Command, env: CliEnv): void {
  program
    .command('start')
    .description(
      'run the whole system on this machine (embedded defaults unless DATABASE_URL / MSSQL_URL are set)',
    )
    .option('--port <port>', 'gateway port (other ports are picked free)', portOption, env.port)
    .option(
      '--data-dir <dir>',
      'where data and runtime.json live (or HOUSING_DATA_DIR)',
      pathOption,
      env.dataDir,
    )
    .option(
      '--scale <scale>',
      'synthetic UH seed size for a new data dir: tiny, small or large',
      scaleOption,
      'small' as Scale,
    )
    .option('--no-backfill', 'do not copy UH into the cloud store on start')
    .option('--no-sync', 'do not run the sync worker (UH -> cloud change capture, cloud -> UH outbox)')
    .option('--debug-routing', "add the gateway's routing decisions to responses (extensions.routing)", false)
    .option(
      '--uh-latency <ms>',
      "what the VPN does: delay added each way to every byte on UH's socket (or UH_LATENCY_MS)",
      latencyOption,
      env.uhLatencyMs,
    )
    .option(
      '--uh-loss <percent>',
      "what the VPN does: percent of UH's segments lost and retransmitted 200 ms later (or UH_LOSS_PERCENT)",
      lossOption,
      env.uhLossPercent,
    )
    .action(
      async (opts: {
        port: number;
        dataDir: string;
        scale: Scale;
        backfill: boolean;
        sync: boolean;
        debugRouting: boolean;
        uhLatency: number;
        uhLoss: number;
      }) => {
        const log = (line: string) => process.stdout.write(`${line}\n`);
        // Ctrl-C while starting, or a second Ctrl-C while stopping, leaves at once: the embedded PostgreSQL
        // (in a session of its own, so the terminal's Ctrl-C does not reach it) is stopped on exit.
        let stopRequested: (() => void) | undefined;
        let stopping = false;
        const onSignal = () => {
          if (stopRequested === undefined || stopping) process.exit(130);
          stopping = true;
          stopRequested();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const stack = await startStack({
          env,
          dataDir: opts.dataDir,
          scale: opts.scale,
          port: opts.port,
          backfill: opts.backfill,
          sync: opts.sync,
          debugRouting: opts.debugRouting,
          vpn: { latencyMs: opts.uhLatency, lossPercent: opts.uhLoss },
          log,
        });
        const { runtime } = stack;
        log('');
        log(`housing-graph is running (data dir ${runtime.dataDir})`);
        log(`  UH (SQL Server wire)  ${redact(runtime.uh.url)}${runtime.uh.file ? '  [simulator]' : ''}`);
        log(
          `  PostgreSQL            ${redact(runtime.postgres.url)}${runtime.postgres.embedded ? '  [embedded]' : ''}`,
        );
        for (const [name, url] of Object.entries(runtime.services)) log(`  ${name.padEnd(21)} ${url}`);
        for (const note of stack.notes) log(`  note: ${note}`);
        log('Other housing commands reach this stack with the same --data-dir. Press Ctrl-C to stop.');
        await new Promise<void>((resolve) => {
          stopRequested = () => {
            log('stopping ...');
            stack.stop().then(resolve, resolve);
          };
        });
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        log('stopped');
      },
    );
}
